package io.torematrix.eventbus.codec;

/**
 * The bounds of the JSON codec, the same for writing and for reading, so that whatever {@link
 * JsonWriter} accepts {@link JsonReader} reads back, and reading a stored payload, whoever wrote
 * it, costs time in proportion to its length and stack in proportion to {@link #MAX_DEPTH} at
 * most. Writing a value beyond a bound throws {@link
 * IllegalArgumentException} (a publish with a store then fails, and nothing is stored); reading one
 * throws {@link JsonFormatException} naming the character where it starts.
 *
 * <table>
 *   <caption>The limits and where their figures come from</caption>
 *   <tr><th>limit</th><th>value</th><th>source</th></tr>
 *   <tr><td>{@link #MAX_DEPTH}</td><td>1,000</td><td>Jackson's default
 *       ({@code StreamReadConstraints.DEFAULT_MAX_DEPTH}). Encoding and decoding the costliest
 *       shape at this depth (a record holding itself through {@code Map}, {@code List} and {@code
 *       Optional}) needs about 440 KiB of thread stack on JDK 17 and 25; a record holding
 *       itself directly about 280 KiB. The JVM's default stack on 64-bit Linux, macOS and Windows
 *       is 1 MiB</td></tr>
 *   <tr><td>{@link #MAX_NUMBER_LENGTH}</td><td>1,000 characters</td><td>Jackson's default
 *       ({@code StreamReadConstraints.DEFAULT_MAX_NUM_LEN}); the JDK converts decimal strings to
 *       {@code BigInteger} in quadratic time: 1,000 digits take about 0.02 ms, 400,000 take
 *       3 s</td></tr>
 *   <tr><td>{@link #MAX_EXPONENT}</td><td>100,000</td><td>the largest {@code BigDecimal} scale
 *       Jackson converts to a {@code BigInteger} ({@code
 *       StreamReadConstraints.MAX_BIGINT_SCALE_MAGNITUDE}); {@code 1e30000000} read as a
 *       {@code BigInteger} cost 19 s</td></tr>
 * </table>
 *
 * <p>Within them, what each Java type reads:
 *
 * <ul>
 *   <li>{@code int}, {@code long}, {@code short}, {@code byte}: a whole number within the type's
 *       range, in any notation ({@code 12}, {@code 12.0}, {@code 1.2e1}).
 *   <li>{@code BigInteger}: a whole number whose plain form ({@code BigInteger.toString()}) is at
 *       most {@link #MAX_NUMBER_LENGTH} characters, the same rule writing applies.
 *   <li>{@code BigDecimal}: any number, exactly, scale included ({@code 1.50} stays {@code 1.50}).
 *       It is written with {@code BigDecimal.toString()}, so writing refuses a value whose text is
 *       longer than {@link #MAX_NUMBER_LENGTH} or shows an exponent ({@code precision() - scale()
 *       - 1}) beyond {@link #MAX_EXPONENT}: in practice a scale below {@code -100_000}, or above
 *       {@code 100_000} plus its digits.
 *   <li>{@code double} and {@code float}: a number, rounded to the nearest value of the type as
 *       {@code Double.parseDouble} and {@code Float.parseFloat} round; a number that rounds to an
 *       infinity is refused, one that rounds to zero reads as zero. JSON has no literal for NaN and
 *       the infinities, so they are written as the strings {@code "NaN"}, {@code "Infinity"} and
 *       {@code "-Infinity"} and read back from them. Every value reads back with the same bits,
 *       {@code -0.0} included, except that every NaN reads back as the canonical NaN ({@link
 *       Double#NaN}, {@link Float#NaN}), which {@code equals} and record equality do not tell
 *       apart.
 *   <li>strings: any sequence of {@code char}s, unpaired surrogates and {@code U+0000} included
 *       (written as <code>&#92;u</code> escapes); there is no length limit beyond the payload's own.
 * </ul>
 *
 * <p>The reader also insists on the JSON grammar of RFC 8259 (commas, quotes, no trailing comma,
 * no control characters in strings) and on well-formed UTF-8, and {@code decode} on nothing but
 * whitespace after the value.
 */
public final class JsonLimits {
  private JsonLimits() {}

  /**
   * The most objects and arrays that may be open at once in one document: the event's own object
   * counts as one, so a record nesting itself through a field reaches 1,000 records.
   */
  public static final int MAX_DEPTH = 1000;

  /** The most characters of one number, sign, point and exponent included. */
  public static final int MAX_NUMBER_LENGTH = 1000;

  /** The largest magnitude of the exponent of a number ({@code e} or {@code E} and what follows). */
  public static final int MAX_EXPONENT = 100_000;
}
