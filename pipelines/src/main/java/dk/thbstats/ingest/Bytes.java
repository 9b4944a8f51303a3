package dk.thbstats.ingest;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Opening delivered files: strict decoding, BOM handling, content hashing, NUL detection. */
final class Bytes {
  static final Charset UTF8 = Charset.forName("UTF-8");
  static final Charset CP1252 = Charset.forName("windows-1252");

  private Bytes() {}

  /** Thrown through readers when a NUL character shows binary content. */
  static final class BinaryContentException extends IOException {
    private static final long serialVersionUID = 1L;

    BinaryContentException() {
      super("binary content");
    }
  }

  /** An open file: its strict reader, whether it started with a UTF-8 BOM, and how to hash it. */
  record Opened(Reader reader, boolean bom, FileSystem fs, String uri) {
    /** SHA-256 of the file's bytes (read again from the start; the reader is not disturbed). */
    String sha256() throws IOException {
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new PipelineException(ErrorCode.INTERNAL, "SHA-256 is not available", e);
      }
      try (InputStream in = new DigestInputStream(fs.open(new Path(uri)), digest)) {
        byte[] buf = new byte[65536];
        while (in.read(buf) >= 0) {
          // the digest sees every byte
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  /** Opens {@code uri} decoding strictly with {@code charset}; a UTF-8 BOM is skipped. */
  static Opened open(FileSystem fs, String uri, Charset charset) throws IOException {
    InputStream in = new BufferedInputStream(fs.open(new Path(uri)), 65536);
    in.mark(3);
    byte[] head = in.readNBytes(3);
    boolean bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
    if (!bom) {
      in.reset();
    }
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    Reader reader = new NulGuard(new InputStreamReader(in, decoder));
    return new Opened(reader, bom, fs, uri);
  }

  /** Whether the file's first 64 KiB hold a NUL byte: binary content (or UTF-16), never delimited text. */
  static boolean looksBinary(FileSystem fs, String uri) throws IOException {
    try (InputStream in = fs.open(new Path(uri))) {
      byte[] head = in.readNBytes(65536);
      for (byte b : head) {
        if (b == 0) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The line (1-based) holding the first byte sequence that {@code charset} cannot decode, or 0
   * when the whole file decodes. Readers decode ahead in buffers, so their position is no guide.
   */
  static int firstUndecodableLine(FileSystem fs, String uri, Charset charset) throws IOException {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(65536);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(65536);
    int line = 1;
    try (InputStream stream = fs.open(new Path(uri))) {
      byte[] buf = new byte[32768];
      int n;
      boolean eof = false;
      while (!eof) {
        n = stream.read(buf);
        if (n < 0) {
          eof = true;
        } else {
          in.put(buf, 0, n);
        }
        in.flip();
        while (true) {
          int before = in.position();
          java.nio.charset.CoderResult r = decoder.decode(in, out, eof);
          for (int i = before; i < in.position(); i++) {
            if (in.get(i) == '\n') {
              line++;
            }
          }
          out.clear();
          if (r.isError()) {
            return line;
          }
          if (!r.isOverflow()) {
            break;
          }
        }
        in.compact();
      }
    }
    return 0;
  }

  /** Fails on the first NUL character: delimited text and JSON never contain one. */
  private static final class NulGuard extends FilterReader {
    NulGuard(Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c == 0) {
        throw new BinaryContentException();
      }
      return c;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      int n = super.read(cbuf, off, len);
      for (int i = off; i < off + n; i++) {
        if (cbuf[i] == 0) {
          throw new BinaryContentException();
        }
      }
      return n;
    }
  }
}
