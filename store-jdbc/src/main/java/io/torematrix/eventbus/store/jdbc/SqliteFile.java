package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the store knows of its file outside SQLite: whether it looks like a SQLite database and
 * runs in WAL mode (from its header), and whether it is still the file that was opened. SQLite
 * writes through an open file descriptor, so a file deleted, or whose directory is removed, while
 * the store is open still takes commits, to an inode nobody can reach, and they are lost at close;
 * {@link #requireUnmoved} catches that before each commit. Thread-safe.
 */
final class SqliteFile {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final Path path;
  private final Object key;
  private final String version;

  private SqliteFile(Path path, Object key, String version) {
    this.path = path;
    this.key = key;
    this.version = version;
  }

  /** The file at {@code path} as it is now; {@code null} key if it does not exist. */
  static SqliteFile at(Path path) {
    return new SqliteFile(path, key(path), version(path));
  }

  /** The file's size and modification time, or {@code null} if it cannot be read. */
  private static String version(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.size() + "@" + attributes.lastModifiedTime();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Whether a writer has had the file open since {@link #at}: its {@code -wal} file is there, or
   * the file itself changed (a writer that came and went checkpoints into it).
   */
  boolean writtenSinceOpened() {
    return Files.exists(wal()) || !Objects.equals(version, version(path));
  }

  private static Object key(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.fileKey() == null ? attributes.creationTime() : attributes.fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  Path path() {
    return path;
  }

  /** The write-ahead log beside the file, present while a connection has the database open in WAL mode. */
  Path wal() {
    return path.resolveSibling(path.getFileName() + "-wal");
  }

  /**
   * Why the file cannot be a SQLite database, from its first 100 bytes, or {@code null} if it may
   * be one. An empty file is an empty database to SQLite.
   */
  static String notSqlite(Path path) throws IOException {
    byte[] header = header(path);
    if (header.length == 0) {
      return "the file is empty";
    }
    if (header.length < MAGIC.length || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return "it is not a SQLite database";
    }
    return null;
  }

  /** Whether the database's header says WAL mode (file format versions 2). */
  static boolean isWal(Path path) throws IOException {
    byte[] header = header(path);
    return header.length >= 20 && header[18] == 2 && header[19] == 2;
  }

  private static byte[] header(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return in.readNBytes(100);
    }
  }

  /**
   * Checks that the file is still there and is the one opened.
   *
   * @throws EventStoreException if it was removed or replaced
   */
  void requireUnmoved() {
    if (key == null) {
      return;
    }
    Object now = key(path);
    if (!key.equals(now)) {
      throw new EventStoreException(
          "the SQLite event store file "
              + path
              + (now == null ? " was removed" : " was replaced by another file")
              + " while the store had it open: nothing was appended, and nothing more can be;"
              + " close the store");
    }
  }
}
