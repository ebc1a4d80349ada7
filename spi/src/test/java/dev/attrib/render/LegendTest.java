package dev.attrib.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.attrib.spi.AttribException;
import dev.attrib.spi.Options;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegendTest {
  @Test
  void legendCellsAreThePalettesCells() {
    assertEquals(List.of(-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0), Legend.SAMPLES);
    String legend = Legend.ansi(ColorDepth.ANSI256);
    for (double v : Legend.SAMPLES) {
      String cell = TerminalPalette.paint(" " + Legend.label(v) + " ", v, 1, ColorDepth.ANSI256);
      assertTrue(legend.contains(cell), v + " in " + legend);
    }
    assertEquals(
        " -1   -.75   -.5   -.25   0   +.25   +.5   +.75   +1 ", Legend.ansi(ColorDepth.NONE));
    assertTrue(Legend.html().contains(DivergingScale.POSITIVE.css()));
  }

  @Test
  void colorDepthNames() {
    assertEquals(ColorDepth.TRUECOLOR, ColorDepth.forName("24bit"));
    assertEquals(ColorDepth.ANSI16, ColorDepth.option(Options.of(Map.of("color", "16")), null));
    assertEquals(ColorDepth.ANSI256, ColorDepth.option(Options.NONE, ColorDepth.ANSI256));
    AttribException e = assertThrows(AttribException.class, () -> ColorDepth.forName("8"));
    assertEquals("option color=8 must be one of truecolor, 256, 16, none", e.getMessage());
  }
}
