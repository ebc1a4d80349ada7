package dev.attrib.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Token string to id, as the tokenizer's files define it. Immutable. */
record Vocabulary(Map<String, Long> ids) {
  Vocabulary {
    ids = Map.copyOf(ids);
  }

  OptionalLong id(String token) {
    Long id = ids.get(token);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /** The first of {@code candidates} in the vocabulary, or empty. */
  OptionalLong first(List<String> candidates) {
    for (String c : candidates) {
      OptionalLong id = id(c);
      if (id.isPresent()) {
        return id;
      }
    }
    return OptionalLong.empty();
  }

  long maxId() {
    return ids.values().stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  static Vocabulary of(List<String> tokensInIdOrder) {
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < tokensInIdOrder.size(); i++) {
      // A repeated line keeps its first id, as a word-level lookup table would.
      m.putIfAbsent(tokensInIdOrder.get(i), (long) i);
    }
    return new Vocabulary(m);
  }
}
