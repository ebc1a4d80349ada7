package dev.attrib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many inputs a batch explains together: by the time the last chunk took per input. */
class ChunkSizeTest {

  @Test
  void fastInputsGoSixtyFourAtATimeSlowOnesOneAtATime() {
    AttributingCommand.ChunkSize size = new AttributingCommand.ChunkSize();
    assertEquals(4, size.next(), "a first small chunk, to learn the time per input");
    size.took(4, 4 * 1_000_000L); // 1 ms an input: a question
    assertEquals(AttributingCommand.CHUNK, size.next());
    size.took(64, 64 * 50_000_000L); // 50 ms an input: 10 fit in half a second
    assertEquals(10, size.next());
    size.took(10, 10 * 1_500_000_000L); // 1.5 s an input: an image with adaptive steps
    assertEquals(1, size.next());
    size.took(1, 0); // a clock that did not move is not a division by zero
    assertEquals(AttributingCommand.CHUNK, size.next());
  }
}
