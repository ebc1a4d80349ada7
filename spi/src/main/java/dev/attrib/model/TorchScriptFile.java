package dev.attrib.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a TorchScript file says about itself without running it: the argument names of the top
 * module's {@code forward}, and the inference-only kernels its code calls.
 *
 * <pre>{@code
 * TorchScriptFile f = TorchScriptFile.read(Path.of("model.pt"));
 * f.forwardArguments();   // Optional[[inputs_embeds, attention_mask]]
 * f.inferenceOnlyOps();   // [] , or [aten::_transformer_encoder_layer_fwd] for a no_grad trace
 * }</pre>
 *
 * <p>Why read the file: DJL 0.35.1 exposes no method schema of a TorchScript module, so the only
 * way to bind inputs by name is the archive itself. A TorchScript file is a zip whose {@code
 * data.pkl} opens with the top module's class ({@code __torch__.Wrapper} or {@code
 * __torch__.___torch_mangle_7.Wrapper}) and whose {@code code/} folder holds that class's source,
 * {@code def forward(self: ..., inputs_embeds: Tensor, attention_mask: Tensor) -> Tensor:}. This is
 * the same for {@code torch.jit.trace} and {@code torch.jit.script}, from PyTorch 1.x to 2.x. Where
 * the file is laid out otherwise, the arguments are unknown (empty), never guessed.
 *
 * @param forwardArguments the top module's forward arguments (without {@code self}), in order, or
 *     empty when the file does not say
 * @param inferenceOnlyOps fused inference kernels with no derivative that the code calls (a module
 *     traced under {@code torch.no_grad()} records them), sorted
 */
public record TorchScriptFile(
    Optional<List<String>> forwardArguments, List<String> inferenceOnlyOps) {

  /**
   * Kernels PyTorch takes in eval mode when autograd is off and that have no backward: a trace made
   * under {@code torch.no_grad()} or {@code torch.inference_mode()} records them.
   */
  static final List<String> INFERENCE_ONLY =
      List.of(
          "_transformer_encoder_layer_fwd",
          "_native_multi_head_attention",
          "_transformer_decoder_only_layer_fwd");

  public TorchScriptFile {
    forwardArguments = forwardArguments.map(List::copyOf);
    inferenceOnlyOps = List.copyOf(inferenceOnlyOps);
  }

  /** Reads {@code file}; a file that cannot be read as a TorchScript archive says nothing. */
  public static TorchScriptFile read(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String prefix = null;
      List<ZipEntry> code = new ArrayList<>();
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (prefix == null && name.endsWith("data.pkl") && depth(name) == 1) {
          prefix = name.substring(0, name.length() - "data.pkl".length());
        }
        if (name.endsWith(".py") && name.contains("/code/")) {
          code.add(e);
        }
      }
      TreeSet<String> ops = new TreeSet<>();
      for (ZipEntry e : code) {
        String src = text(zip, e);
        for (String op : INFERENCE_ONLY) {
          if (src.contains("torch." + op + "(") || src.contains("aten::" + op)) {
            ops.add("aten::" + op);
          }
        }
      }
      Optional<List<String>> args = Optional.empty();
      if (prefix != null) {
        args = forwardArguments(zip, prefix);
      }
      return new TorchScriptFile(args, new ArrayList<>(ops));
    } catch (IOException | RuntimeException e) {
      return new TorchScriptFile(Optional.empty(), List.of());
    }
  }

  private static int depth(String name) {
    return (int) name.chars().filter(c -> c == '/').count();
  }

  private static Optional<List<String>> forwardArguments(ZipFile zip, String prefix)
      throws IOException {
    ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
    if (pkl == null) {
      return Optional.empty();
    }
    byte[] head;
    try (InputStream in = zip.getInputStream(pkl)) {
      head = in.readNBytes(512);
    }
    // PROTO n, then GLOBAL 'module\nname\n': the class of the pickled top module.
    if (head.length < 4 || (head[0] & 0xff) != 0x80 || head[2] != 'c') {
      return Optional.empty();
    }
    String rest = new String(head, 3, head.length - 3, StandardCharsets.ISO_8859_1);
    String[] parts = rest.split("\n", 3);
    if (parts.length < 3 || !parts[0].startsWith("__torch__")) {
      return Optional.empty();
    }
    String module = parts[0];
    String type = parts[1];
    String path = prefix + "code/" + module.replace('.', '/') + ".py";
    ZipEntry src = zip.getEntry(path);
    if (src == null) {
      return Optional.empty();
    }
    return forwardOf(text(zip, src), type);
  }

  /** The argument names of {@code type}'s forward in TorchScript's serialised Python code. */
  static Optional<List<String>> forwardOf(String code, String type) {
    int cls = code.indexOf("class " + type + "(");
    if (cls < 0) {
      return Optional.empty();
    }
    int end = code.indexOf("\nclass ", cls + 1);
    String body = end < 0 ? code.substring(cls) : code.substring(cls, end);
    int def = body.indexOf("def forward(");
    if (def < 0) {
      return Optional.empty();
    }
    int open = def + "def forward".length();
    int depth = 0;
    List<String> args = new ArrayList<>();
    StringBuilder arg = new StringBuilder();
    for (int i = open; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
        if (depth == 1) {
          continue;
        }
      } else if (c == ')' || c == ']') {
        depth--;
        if (depth == 0) {
          args.add(arg.toString());
          break;
        }
      } else if (c == ',' && depth == 1) {
        args.add(arg.toString());
        arg.setLength(0);
        continue;
      }
      arg.append(c);
    }
    List<String> names = new ArrayList<>();
    for (String a : args) {
      String s = a.strip();
      if (s.isEmpty()) {
        continue;
      }
      int colon = s.indexOf(':');
      int eq = s.indexOf('=');
      int cut = colon >= 0 ? colon : (eq >= 0 ? eq : s.length());
      names.add(s.substring(0, cut).strip());
    }
    if (names.isEmpty() || !names.get(0).equals("self")) {
      return Optional.empty();
    }
    return Optional.of(names.subList(1, names.size()));
  }

  private static String text(ZipFile zip, ZipEntry e) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
