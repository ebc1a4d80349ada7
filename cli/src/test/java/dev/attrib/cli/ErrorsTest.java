package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  private static String[] report(Throwable t, boolean verbose, int[] code) {
    StringWriter err = new StringWriter();
    code[0] = Errors.report(t, new PrintWriter(err), verbose);
    return err.toString().split("\n");
  }

  @Test
  void attribExceptionKeepsItsExitCodeAndPrintsOneLine() {
    int[] code = new int[1];
    String[] lines =
        report(new AttribException("engine died\n  at native level", 1, null), false, code);
    assertEquals(1, code[0]);
    assertEquals(1, lines.length);
    assertEquals("attrib: engine died at native level", lines[0]);

    lines = report(new AttribException("model.pt: no such file"), false, code);
    assertEquals(2, code[0]);
    assertEquals("attrib: model.pt: no such file", lines[0]);
  }

  @Test
  void otherExceptionsAreInternalErrorsWithoutStackTraceUnlessVerbose() {
    int[] code = new int[1];
    String[] lines = report(new IllegalStateException("boom"), false, code);
    assertEquals(1, code[0]);
    assertEquals(1, lines.length);
    assertEquals(
        "attrib: internal error: java.lang.IllegalStateException: boom"
            + " (run with --verbose for details)",
        lines[0]);

    lines = report(new IllegalStateException("boom"), true, code);
    assertEquals(1, code[0]);
    assertEquals("attrib: internal error: java.lang.IllegalStateException: boom", lines[0]);
    assertTrue(lines.length > 2, "verbose prints the stack trace");
    assertTrue(lines[2].startsWith("\tat "), lines[2]);
  }

  @Test
  void errorsFromTheJvmAreReportedToo() {
    int[] code = new int[1];
    String[] lines = report(new UnsatisfiedLinkError("libtorch.so: cannot open"), false, code);
    assertEquals(1, code[0]);
    assertEquals(1, lines.length);
    assertTrue(lines[0].startsWith("attrib: internal error: java.lang.UnsatisfiedLinkError"));
    assertFalse(lines[0].contains("\tat "));
  }

  @Test
  void typoHintsReachTwoEditsAndOneForShortNames() {
    assertTrue(Errors.isTypo("modalitis", "modalities"));
    assertTrue(Errors.isTypo("devise", "device"));
    assertTrue(Errors.isTypo("dvise", "device"), "two edits on a long name");
    assertFalse(Errors.isTypo("dvis", "device"), "three edits");
    assertTrue(Errors.isTypo("txt", "text"), "one edit on a short name");
    assertFalse(Errors.isTypo("tx", "text"), "two edits on a short name");
    assertFalse(Errors.isTypo("nosuch", "selfcheck"));
    assertFalse(Errors.isTypo("", "eval"));
    assertTrue(Errors.isTypo("text", "text"));
  }
}
