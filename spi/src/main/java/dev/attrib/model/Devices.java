package dev.attrib.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.attrib.spi.AttribException;
import java.util.Locale;

/**
 * Parses the {@code --device} setting: {@code cpu}, {@code gpu} (= {@code gpu:0}), {@code gpu:N}.
 */
public final class Devices {
  private Devices() {}

  public static Device parse(String name) {
    String n = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("cpu")) {
      return Device.cpu();
    }
    int id;
    if (n.equals("gpu")) {
      id = 0;
    } else if (n.startsWith("gpu:")) {
      try {
        id = Integer.parseInt(n.substring(4));
      } catch (NumberFormatException e) {
        throw new AttribException("bad device '" + name + "'; use cpu, gpu or gpu:N");
      }
    } else {
      throw new AttribException("bad device '" + name + "'; use cpu, gpu or gpu:N");
    }
    int count = Engine.getInstance().getGpuCount();
    if (id < 0 || id >= count) {
      throw new AttribException(
          "device "
              + n
              + " is not available: the PyTorch engine sees "
              + count
              + " GPU(s); use --device cpu"
              + (count > 0 ? " or gpu:0.." + (count - 1) : ""));
    }
    return Device.gpu(id);
  }
}
