package dev.attrib.spi;

import java.util.Objects;

/**
 * One line of {@code attrib check}: what was checked, whether it passed, and in words what was
 * found and, on a failure, what to do.
 *
 * <pre>{@code
 * ModelCheck.pass("output", "logits [1, 2]: one per label (NEGATIVE, POSITIVE)");
 * ModelCheck.fail("padding", "3 padded positions change the output by 12%: apply attention_mask");
 * }</pre>
 *
 * @param name what was checked, a few words ({@code manifest}, {@code gradients}, ...)
 * @param status {@link Status#PASS}, {@link Status#FAIL}, or {@link Status#SKIP} (not run: it does
 *     not apply to this model, or an earlier check it needs failed)
 * @param message one line; never empty
 */
public record ModelCheck(String name, Status status, String message) {

  /** The outcome of a check. */
  public enum Status {
    PASS,
    FAIL,
    SKIP
  }

  public ModelCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a model check needs a message");
    }
  }

  public static ModelCheck pass(String name, String message) {
    return new ModelCheck(name, Status.PASS, message);
  }

  public static ModelCheck fail(String name, String message) {
    return new ModelCheck(name, Status.FAIL, message);
  }

  public static ModelCheck skip(String name, String message) {
    return new ModelCheck(name, Status.SKIP, message);
  }

  /** True for {@link Status#FAIL}. */
  public boolean failed() {
    return status == Status.FAIL;
  }
}
