package dk.thbstats.publish;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Small state files next to the tables (the nightly pointer, the release index), read and
 * replaced whole through Hadoop's file system API: a new version is written beside the old one
 * and renamed over it, so a reader sees the old file or the new one, never a part of either.
 */
final class StateFiles {
  /** A state file is a few kilobytes; anything larger is not ours. */
  private static final int MAX_BYTES = 16 * 1024 * 1024;

  private StateFiles() {}

  /** The file's bytes, or null when it does not exist. */
  static byte[] read(Configuration conf, Path file) {
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        return null;
      }
      long length = fs.getFileStatus(file).getLen();
      if (length > MAX_BYTES) {
        throw new PipelineException(ErrorCode.IO_FAILED, file + " is " + length + " bytes; not a state file");
      }
      try (InputStream in = fs.open(file)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces {@code file} with {@code bytes} in one rename. */
  static void writeAtomically(Configuration conf, Path file, byte[] bytes) {
    Path tmp = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      FileContext fc = FileContext.getFileContext(file.toUri(), conf);
      fc.mkdir(file.getParent(), org.apache.hadoop.fs.permission.FsPermission.getDirDefault(), true);
      try (OutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE))) {
        out.write(bytes);
      }
      fc.rename(tmp, file, Options.Rename.OVERWRITE);
    } catch (IOException e) {
      try {
        tmp.getFileSystem(conf).delete(tmp, false);
      } catch (IOException ignored) {
        // the temporary file is hidden and harmless; the next write uses another name
      }
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
