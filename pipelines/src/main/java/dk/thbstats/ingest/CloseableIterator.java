package dk.thbstats.ingest;

import java.io.Closeable;
import java.util.Iterator;

/** An iterator over an open file. */
interface CloseableIterator<T> extends Iterator<T>, Closeable {}
