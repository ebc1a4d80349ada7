package dev.attrib.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Modality;
import dev.attrib.spi.Options;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ImageModalityTest {

  @Test
  void registeredThroughServiceLoader() {
    long found =
        ServiceLoader.load(Modality.class).stream()
            .filter(p -> p.type() == ImageModality.class)
            .count();
    assertEquals(1, found, "META-INF/services must name ImageModality exactly once");
  }

  @Test
  void skeletonSaysItIsNotImplemented() {
    Modality m = new ImageModality();
    assertEquals("image", m.name());
    assertTrue(m.description().contains("not implemented yet"), m.description());
    assertTrue(m.baselines().isEmpty());
    assertTrue(m.renderers().isEmpty());
    AttribException e =
        assertThrows(AttribException.class, () -> m.encode("x", null, Options.NONE));
    assertEquals("the image modality is not implemented yet in this build", e.getMessage());
    assertEquals(AttribException.BAD_INPUT, e.exitCode());
    assertThrows(AttribException.class, () -> m.summarize(null, null));
  }
}
