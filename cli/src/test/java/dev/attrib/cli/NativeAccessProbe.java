package dev.attrib.cli;

/**
 * Loads JNA's native library, as DJL's tokenizers do, and prints "loaded" ({@link LauncherTest}
 * runs it in a JDK that warns about restricted methods).
 */
final class NativeAccessProbe {
  private NativeAccessProbe() {}

  public static void main(String[] args) throws ClassNotFoundException {
    Class.forName("com.sun.jna.Native");
    System.out.println("loaded");
  }
}
