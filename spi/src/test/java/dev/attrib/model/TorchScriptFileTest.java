package dev.attrib.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link TorchScriptFile} reads from a TorchScript archive without running it. */
class TorchScriptFileTest {

  @TempDir Path tmp;

  private TorchScriptFile read(String module) {
    return TorchScriptFile.read(ModelFolders.copyModule(module, tmp));
  }

  @Test
  void forwardArgumentsOfTheTopModuleInOrder() {
    assertEquals(
        Optional.of(List.of("inputs_embeds", "attention_mask")),
        read("masked_sum.pt").forwardArguments());
    // The top module's forward, not a submodule's (tanh_mlp's Linear takes "x" too, the
    // no-grad encoder's layer takes "src").
    assertEquals(Optional.of(List.of("x")), read("tanh_mlp.pt").forwardArguments());
    assertEquals(Optional.of(List.of("x")), read("broken_no_grad_encoder.pt").forwardArguments());
  }

  @Test
  void inferenceOnlyKernelsOfANoGradTraceAreFound() {
    assertEquals(
        List.of("aten::_transformer_encoder_layer_fwd"),
        read("broken_no_grad_encoder.pt").inferenceOnlyOps());
    assertEquals(List.of(), read("masked_sum.pt").inferenceOnlyOps());
  }

  @Test
  void forwardSourceWithTypesDefaultsAndLineBreaksIsParsed() {
    String code =
        "class Other(Module):\n"
            + "  def forward(self: __torch__.Other,\n    y: Tensor) -> Tensor:\n    return y\n"
            + "class Wrapper(Module):\n"
            + "  __parameters__ = []\n"
            + "  def forward(self: __torch__.___torch_mangle_3.Wrapper,\n"
            + "    src_embeds: Tensor,\n"
            + "    src_mask: Optional[Tensor]=None,\n"
            + "    tgt: Tuple[Tensor, Tensor]) -> Tensor:\n"
            + "    return src_embeds\n";
    assertEquals(
        Optional.of(List.of("src_embeds", "src_mask", "tgt")),
        TorchScriptFile.forwardOf(code, "Wrapper"));
    assertEquals(Optional.of(List.of("y")), TorchScriptFile.forwardOf(code, "Other"));
    assertEquals(Optional.empty(), TorchScriptFile.forwardOf(code, "Missing"));
  }

  @Test
  void aFileThatIsNotTorchScriptSaysNothing() throws IOException {
    Path junk = Files.writeString(tmp.resolve("junk.pt"), "not a zip");
    TorchScriptFile f = TorchScriptFile.read(junk);
    assertTrue(f.forwardArguments().isEmpty());
    assertTrue(f.inferenceOnlyOps().isEmpty());
  }
}
