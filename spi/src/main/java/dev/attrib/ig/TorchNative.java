package dev.attrib.ig;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Two libtorch switches that DJL 0.35.1 does not expose, reached through JNA:
 *
 * <ul>
 *   <li>whether PyTorch may use oneDNN (MKLDNN) kernels: {@code at::Context::setUserEnabledMkldnn},
 *       the switch behind Python's {@code torch.backends.mkldnn.enabled}. It is read each time an
 *       operator picks its kernel, so it takes effect at the next forward;
 *   <li>the minimum level of libtorch's own C++ log: c10's {@code FLAGS_caffe2_log_level}. Python's
 *       torch sets it from {@code TORCH_CPP_LOG_LEVEL} when it starts, DJL never does, so that
 *       variable has no effect under DJL and only the flag itself silences warnings such as "Could
 *       not initialize NNPACK! Reason: Unsupported hardware", printed at every convolution on CPUs
 *       whose cache layout NNPACK cannot read.
 * </ul>
 *
 * <p>Both are plain exported symbols of the libraries DJL has already loaded ({@code libtorch_cpu},
 * {@code libc10}); the C++ member functions are called with the context as their first argument, as
 * the Itanium C++ ABI of Linux and macOS passes {@code this}. Binding is lazy and happens once; if
 * the engine is not PyTorch, or a symbol is missing in another libtorch build, every call reports
 * "unavailable" and changes nothing.
 */
final class TorchNative {
  private TorchNative() {}

  /** c10's log levels: INFO 0, WARNING 1, ERROR 2, FATAL 3. */
  static final int LOG_WARNING = 1;

  static final int LOG_ERROR = 2;

  private record Bindings(
      Pointer context, Function getOneDnn, Function setOneDnn, Pointer logLevel, int initialLog) {}

  private static volatile Optional<Bindings> bindings;

  private static Optional<Bindings> bindings() {
    Optional<Bindings> b = bindings;
    if (b == null) {
      synchronized (TorchNative.class) {
        b = bindings;
        if (b == null) {
          b = bind();
          bindings = b;
        }
      }
    }
    return b;
  }

  private static Optional<Bindings> bind() {
    try {
      if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
        return Optional.empty();
      }
      Path dir = Path.of(LibUtils.getLibtorchPath());
      NativeLibrary cpu =
          NativeLibrary.getInstance(dir.resolve(System.mapLibraryName("torch_cpu")).toString());
      NativeLibrary c10 =
          NativeLibrary.getInstance(dir.resolve(System.mapLibraryName("c10")).toString());
      Pointer context = cpu.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
      Function get = cpu.getFunction("_ZNK2at7Context17userEnabledMkldnnEv");
      Function set = cpu.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb");
      Pointer log = c10.getGlobalVariableAddress("FLAGS_caffe2_log_level");
      return Optional.of(new Bindings(context, get, set, log, log.getInt(0)));
    } catch (RuntimeException | LinkageError e) {
      // Another engine build or platform: attrib then cannot switch oneDNN (EngineCheck falls back
      // to one input per batch) nor quieten the C++ log.
      return Optional.empty();
    }
  }

  static boolean available() {
    return bindings().isPresent();
  }

  /** Whether PyTorch may use oneDNN kernels; empty when the switch cannot be reached. */
  static Optional<Boolean> oneDnnEnabled() {
    return bindings().map(b -> (b.getOneDnn().invokeInt(new Object[] {b.context()}) & 0xff) != 0);
  }

  /** Sets the oneDNN switch; false when it cannot be reached. */
  static boolean setOneDnnEnabled(boolean on) {
    Optional<Bindings> b = bindings();
    b.ifPresent(x -> x.setOneDnn().invoke(new Object[] {x.context(), on}));
    return b.isPresent();
  }

  /** libtorch's current minimum C++ log level. */
  static OptionalInt logLevel() {
    Optional<Bindings> b = bindings();
    return b.isPresent() ? OptionalInt.of(b.get().logLevel().getInt(0)) : OptionalInt.empty();
  }

  /** The level libtorch started with (WARNING unless something changed it before attrib). */
  static OptionalInt initialLogLevel() {
    Optional<Bindings> b = bindings();
    return b.isPresent() ? OptionalInt.of(b.get().initialLog()) : OptionalInt.empty();
  }

  static boolean setLogLevel(int level) {
    Optional<Bindings> b = bindings();
    b.ifPresent(x -> x.logLevel().setInt(0, level));
    return b.isPresent();
  }
}
