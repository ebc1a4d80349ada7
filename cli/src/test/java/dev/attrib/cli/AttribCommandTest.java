package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttribCommandTest {

  @Test
  void installDirComesFromTheLauncherProperty(@TempDir Path dir) {
    String old = System.getProperty(AttribCommand.HOME_PROPERTY);
    try {
      System.setProperty(AttribCommand.HOME_PROPERTY, dir.toString());
      assertEquals(dir.toAbsolutePath().normalize(), AttribCommand.installDir());
    } finally {
      if (old == null) {
        System.clearProperty(AttribCommand.HOME_PROPERTY);
      } else {
        System.setProperty(AttribCommand.HOME_PROPERTY, old);
      }
    }
  }

  @Test
  void withoutThePropertyASourceCheckoutResolvesToTheRepositoryRoot() {
    String old = System.getProperty(AttribCommand.HOME_PROPERTY);
    try {
      System.clearProperty(AttribCommand.HOME_PROPERTY);
      // Tests load this class from cli/target/classes, like cli/target/attrib-cli.jar.
      Path root = AttribCommand.installDir();
      assertTrue(Files.isDirectory(root.resolve("cli")), root.toString());
      assertTrue(Files.isRegularFile(root.resolve("pom.xml")), root.toString());
    } finally {
      if (old != null) {
        System.setProperty(AttribCommand.HOME_PROPERTY, old);
      }
    }
  }
}
