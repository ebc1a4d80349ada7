package dev.attrib.molecule;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The atom and bond featurisation of a molecule model, as the manifest's {@code "featurization"}
 * object spells it out: one block of features per key, <b>in the order the manifest lists the
 * keys</b> (atom keys make the atom features, bond keys the bond features). The same spec drives
 * the demo model's training and every attribution, and a model trained elsewhere is matched by
 * writing its spec.
 *
 * <pre>{@code
 * Featurization f = Featurization.fromJson(JsonParser.parseString(
 *     "{\"hybridization\": [\"sp\", \"sp2\", \"sp3\"], \"elements\": [\"C\", \"N\", \"O\"],"
 *         + " \"chirality\": [\"unspecified\", \"cw\", \"ccw\"], \"bondTypes\": [\"single\","
 *         + " \"double\", \"triple\", \"aromatic\"], \"bondStereo\": [\"none\", \"cis\", \"trans\"]}"),
 *     "attrib.json");
 * MolGraph g = MoleculeParser.graph("CC(=O)O");
 * float[] atoms = f.atomFeatures(g);                 // [4 * f.atomFeatureCount()], row-major
 * float[] bonds = f.bondFeatures(g);                 // [3 * f.bondFeatureCount()], bond order
 * float[] pairs = f.pairFeatures(g, 4);              // [4 * 4 * f.pairFeatureCount()]
 * f.atomFeatureNames().get(0);                       // "hybridization=sp"
 * }</pre>
 *
 * <p>Every key and what it makes is in {@link #ATOM_KEYS} and {@link #BOND_KEYS} and in {@code
 * docs/molecule-featurization.md}. Value forms:
 *
 * <ul>
 *   <li>a <b>list</b> (integers or names): one-hot over the listed values plus an {@code other}
 *       slot; an empty list leaves the block out. The object form {@code {"values": [...], "other":
 *       false}} drops the {@code other} slot (then a value not listed is all zeros). {@code
 *       bondTypes} has no {@code other} slot unless asked, so a bonded pair is never all zero
 *       there; {@code ringSizes}/{@code bondRingSizes} are multi-hot (one slot per listed size the
 *       atom's rings have, {@code other}: a ring of a size not listed);
 *   <li>{@code true}/{@code false} for the flags ({@code aromatic}, {@code inRing}, {@code
 *       conjugated}, {@code bondInRing}): one feature, or none;
 *   <li>{@code mass}: {@code true} (the mass times 0.01, Chemprop's scale) or the scale as a
 *       number.
 * </ul>
 *
 * <p>Without {@code aromatic} among {@code bondTypes}, aromatic bonds are given their Kekulé order
 * (for models trained on Kekulé structures); a bond whose type is not listed is an error naming it.
 * The pair features' diagonal {@code [i, i, :]} is always zero. Immutable and thread-safe; two
 * specs are equal when their JSON is (keys in the same order).
 */
public final class Featurization {

  /** What a key's block describes. */
  public enum Scope {
    ATOM,
    BOND
  }

  /** Fills one atom's or bond's block of features at an offset. */
  interface Fill {
    void fill(MolGraph.Atom atom, MolGraph.Bond bond, MolGraph g, float[] out, int offset);
  }

  /** One block of features: its manifest key, whether it is about atoms or bonds, its names. */
  public static final class Block {
    private final String key;
    private final Scope scope;
    private final List<String> names;
    private final Fill fill;

    Block(String key, Scope scope, List<String> names, Fill fill) {
      this.key = key;
      this.scope = scope;
      this.names = List.copyOf(names);
      this.fill = fill;
    }

    /** The manifest key. */
    public String key() {
      return key;
    }

    /** Atom or bond. */
    public Scope scope() {
      return scope;
    }

    /** One name per feature, e.g. {@code element=C}, {@code aromatic}. */
    public List<String> names() {
      return names;
    }

    /** Features in the block. */
    public int width() {
      return names.size();
    }

    Fill fill() {
      return fill;
    }
  }

  /** How a key's JSON value becomes a block. */
  private record KeyDef(String key, Scope scope, String doc, Parser parser) {}

  private interface Parser {
    Block parse(String key, JsonElement value, String where);
  }

  private static final Map<String, KeyDef> REGISTRY = new LinkedHashMap<>();

  private static final List<String> HYBRIDIZATIONS = List.of("sp", "sp2", "sp3", "sp3d", "sp3d2");
  private static final List<String> BOND_TYPES = List.of("single", "double", "triple", "aromatic");
  private static final List<String> CHIRALITIES = List.of(MolGraph.UNSPECIFIED, "cw", "ccw");
  private static final List<String> STEREOS = List.of(MolGraph.NO_STEREO, "cis", "trans");

  static {
    strings("elements", "element", Scope.ATOM, "element symbol", null, true, a -> a.symbol(), null);
    ints("atomicNumber", Scope.ATOM, "atomic number", MolGraph.Atom::atomicNumber);
    ints("degree", Scope.ATOM, "heavy-atom neighbours", MolGraph.Atom::degree);
    ints("totalDegree", Scope.ATOM, "neighbours including hydrogens", MolGraph.Atom::totalDegree);
    ints("formalCharge", Scope.ATOM, "formal charge", MolGraph.Atom::formalCharge);
    ints("hydrogens", Scope.ATOM, "total attached hydrogens", MolGraph.Atom::hydrogens);
    ints(
        "totalHydrogens",
        Scope.ATOM,
        "total attached hydrogens (as hydrogens)",
        MolGraph.Atom::hydrogens);
    ints(
        "implicitHydrogens",
        Scope.ATOM,
        "hydrogens not written as atoms",
        MolGraph.Atom::implicitHydrogens);
    ints("totalValence", Scope.ATOM, "bond orders plus hydrogens", MolGraph.Atom::valence);
    ints("radicalElectrons", Scope.ATOM, "unpaired electrons", MolGraph.Atom::radicalElectrons);
    ints("isotope", Scope.ATOM, "mass number written in the input, 0 if none", a -> a.isotope());
    flag("aromatic", Scope.ATOM, "1 if aromatic", (a, b) -> a.aromatic());
    strings(
        "hybridization",
        "hybridization",
        Scope.ATOM,
        "CDK atom type hybridisation",
        HYBRIDIZATIONS,
        true,
        MolGraph.Atom::hybridization,
        null);
    strings(
        "chirality",
        "chirality",
        Scope.ATOM,
        "tetrahedral chirality tag",
        CHIRALITIES,
        true,
        MolGraph.Atom::chirality,
        null);
    flag("inRing", Scope.ATOM, "1 if in a ring", (a, b) -> a.inRing());
    ringSizes("ringSizes", "ringSize", Scope.ATOM, "sizes of the rings through the atom");
    register(
        new KeyDef("mass", Scope.ATOM, "mass times a scale (true: 0.01)", Featurization::mass));
    strings(
        "bondTypes",
        "bond",
        Scope.BOND,
        "bond type",
        BOND_TYPES,
        false,
        null,
        Featurization::bondType);
    strings(
        "bondStereo",
        "bondStereo",
        Scope.BOND,
        "double-bond configuration",
        STEREOS,
        true,
        null,
        (b, g, values, other) -> b.stereo());
    flag("conjugated", Scope.BOND, "1 if conjugated", (a, b) -> b.conjugated());
    flag("bondInRing", Scope.BOND, "1 if in a ring", (a, b) -> b.inRing());
    ringSizes("bondRingSizes", "bondRingSize", Scope.BOND, "sizes of the rings through the bond");
  }

  /** The atom keys, in the order {@link #DEFAULT} and the docs list them. */
  public static final Set<String> ATOM_KEYS = keys(Scope.ATOM);

  /** The bond keys. */
  public static final Set<String> BOND_KEYS = keys(Scope.BOND);

  /** Every key of the {@code "featurization"} object. */
  public static final Set<String> KEYS = Collections.unmodifiableSet(REGISTRY.keySet());

  /** One line per key saying what its block holds, atom keys first, for help and checks. */
  public static Map<String, String> keyDescriptions() {
    Map<String, String> m = new LinkedHashMap<>();
    for (KeyDef d : REGISTRY.values()) {
      m.put(d.key(), d.scope().name().toLowerCase(Locale.ROOT) + ": " + d.doc());
    }
    return Collections.unmodifiableMap(m);
  }

  /** The spec of the built-in demo model, in its manifest's order. */
  private static final String DEFAULT_JSON =
      "{\"elements\": [\"C\", \"N\", \"O\", \"F\", \"P\", \"S\", \"Cl\", \"Br\", \"I\"],"
          + " \"degree\": [0, 1, 2, 3, 4], \"formalCharge\": [-1, 0, 1],"
          + " \"hydrogens\": [0, 1, 2, 3], \"aromatic\": true,"
          + " \"hybridization\": [\"sp\", \"sp2\", \"sp3\"], \"inRing\": true,"
          + " \"bondTypes\": [\"single\", \"double\", \"triple\", \"aromatic\"],"
          + " \"conjugated\": true, \"bondInRing\": true}";

  /**
   * The spec of the built-in demo model: 31 atom features (10 element, 6 degree, 4 charge, 5
   * hydrogen, aromatic, 4 hybridisation, in ring) and 6 bond features (4 bond types, conjugated, in
   * ring).
   */
  public static final Featurization DEFAULT =
      fromJson(JsonParser.parseString(DEFAULT_JSON), "Featurization.DEFAULT");

  private final JsonObject json;
  private final List<Block> atomBlocks;
  private final List<Block> bondBlocks;
  private final List<String> atomNames;
  private final List<String> bondNames;

  private Featurization(JsonObject json, List<Block> atomBlocks, List<Block> bondBlocks) {
    this.json = json.deepCopy();
    this.atomBlocks = List.copyOf(atomBlocks);
    this.bondBlocks = List.copyOf(bondBlocks);
    this.atomNames = names(atomBlocks);
    this.bondNames = names(bondBlocks);
  }

  private static List<String> names(List<Block> blocks) {
    List<String> n = new ArrayList<>();
    for (Block b : blocks) {
      n.addAll(b.names());
    }
    return List.copyOf(n);
  }

  /** The atom blocks, in feature order. */
  public List<Block> atomBlocks() {
    return atomBlocks;
  }

  /** The bond blocks, in feature order. */
  public List<Block> bondBlocks() {
    return bondBlocks;
  }

  /** Features per atom ({@code Fa}). */
  public int atomFeatureCount() {
    return atomNames.size();
  }

  /** Features per bond: per atom pair of the dense contract, per edge of the edge list. */
  public int bondFeatureCount() {
    return bondNames.size();
  }

  /** Features per atom pair ({@code Fp}), the same as {@link #bondFeatureCount()}. */
  public int pairFeatureCount() {
    return bondFeatureCount();
  }

  /** One name per atom feature, in feature order, e.g. {@code element=C}, {@code degree=other}. */
  public List<String> atomFeatureNames() {
    return atomNames;
  }

  /** One name per bond feature, in feature order, e.g. {@code bond=aromatic}. */
  public List<String> bondFeatureNames() {
    return bondNames;
  }

  /** {@link #bondFeatureNames()}: the names of a pair's features. */
  public List<String> pairFeatureNames() {
    return bondNames;
  }

  /** The features of one atom. */
  public float[] atomFeatures(MolGraph.Atom a) {
    float[] f = new float[atomFeatureCount()];
    int o = 0;
    for (Block b : atomBlocks) {
      b.fill().fill(a, null, null, f, o);
      o += b.width();
    }
    return f;
  }

  /** The features of one bond (the same for both directions). */
  public float[] bondFeatures(MolGraph.Bond bond, MolGraph g) {
    float[] f = new float[bondFeatureCount()];
    int o = 0;
    for (Block b : bondBlocks) {
      b.fill().fill(null, bond, g, f, o);
      o += b.width();
    }
    return f;
  }

  /** Atom features {@code [n, Fa]} row-major, rows past the molecule's atoms zero. */
  public float[] atomFeatures(MolGraph g, int n) {
    int fa = atomFeatureCount();
    float[] out = new float[n * fa];
    for (MolGraph.Atom a : g.atoms()) {
      System.arraycopy(atomFeatures(a), 0, out, a.index() * fa, fa);
    }
    return out;
  }

  /** Atom features {@code [atoms, Fa]} row-major. */
  public float[] atomFeatures(MolGraph g) {
    return atomFeatures(g, g.atoms().size());
  }

  /** Bond features {@code [bonds, Fb]} row-major, in the molecule's bond order. */
  public float[] bondFeatures(MolGraph g) {
    int fb = bondFeatureCount();
    float[] out = new float[g.bonds().size() * fb];
    for (MolGraph.Bond b : g.bonds()) {
      System.arraycopy(bondFeatures(b, g), 0, out, b.index() * fb, fb);
    }
    return out;
  }

  /** Pair features {@code [n, n, Fp]} row-major: both directions of each bond, zero elsewhere. */
  public float[] pairFeatures(MolGraph g, int n) {
    int fp = pairFeatureCount();
    float[] out = new float[n * n * fp];
    for (MolGraph.Bond b : g.bonds()) {
      float[] f = bondFeatures(b, g);
      System.arraycopy(f, 0, out, (b.begin() * n + b.end()) * fp, fp);
      System.arraycopy(f, 0, out, (b.end() * n + b.begin()) * fp, fp);
    }
    return out;
  }

  /**
   * Reads a manifest's {@code "featurization"} object; {@code where} names the file. Blocks come in
   * the order of the object's keys.
   */
  public static Featurization fromJson(JsonElement json, String where) {
    if (json == null || !json.isJsonObject()) {
      throw new AttribException(where + ": 'featurization' must be a JSON object");
    }
    JsonObject o = json.getAsJsonObject();
    List<Block> atoms = new ArrayList<>();
    List<Block> bonds = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      KeyDef def = REGISTRY.get(e.getKey());
      if (def == null) {
        throw new AttribException(
            where
                + ": unknown featurization key '"
                + e.getKey()
                + "'; available: atom "
                + String.join(", ", ATOM_KEYS)
                + "; bond "
                + String.join(", ", BOND_KEYS));
      }
      Block b =
          e.getValue().isJsonNull() ? null : def.parser().parse(def.key(), e.getValue(), where);
      if (b != null && b.width() > 0) {
        (def.scope() == Scope.ATOM ? atoms : bonds).add(b);
      }
    }
    if (bonds.stream().noneMatch(b -> b.key().equals("bondTypes"))) {
      throw new AttribException(
          where
              + ": featurization needs at least one bond type in 'bondTypes', or bonded pairs could"
              + " look unbonded");
    }
    return new Featurization(o, atoms, bonds);
  }

  /** The spec as a manifest's {@code "featurization"} object, keys in feature order. */
  public JsonObject toJson() {
    return json.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Featurization f
        && json.equals(f.json)
        && List.copyOf(json.keySet()).equals(List.copyOf(f.json.keySet()));
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "Featurization" + json;
  }

  // ---- the registry -------------------------------------------------------------------------

  private static void register(KeyDef def) {
    REGISTRY.put(def.key(), def);
  }

  private static Set<String> keys(Scope scope) {
    Set<String> s = new java.util.LinkedHashSet<>();
    for (KeyDef d : REGISTRY.values()) {
      if (d.scope() == scope) {
        s.add(d.key());
      }
    }
    return Collections.unmodifiableSet(s);
  }

  /** A one-hot (or with {@code bondTypes}, a strict one-hot) over listed names. */
  private interface BondValue {
    String of(MolGraph.Bond b, MolGraph g, List<String> listed, boolean other);
  }

  private static void strings(
      String key,
      String prefix,
      Scope scope,
      String doc,
      List<String> allowed,
      boolean otherByDefault,
      Function<MolGraph.Atom, String> atomValue,
      BondValue bondValue) {
    register(
        new KeyDef(
            key,
            scope,
            doc,
            (k, value, where) -> {
              OneHot<String> spec = OneHot.strings(k, value, where, otherByDefault);
              List<String> values = spec.values();
              if (allowed != null) {
                for (String v : values) {
                  if (!allowed.contains(v.toLowerCase(Locale.ROOT))) {
                    throw new AttribException(
                        where
                            + ": unknown "
                            + (k.equals("bondTypes") ? "bond type" : k)
                            + " '"
                            + v
                            + "' in featurization; available: "
                            + String.join(", ", allowed));
                  }
                }
                values = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
              }
              checkUnique(k, values, where);
              List<String> vs = List.copyOf(values);
              boolean other = spec.other();
              List<String> names = slotNames(prefix, vs, other);
              Fill fill =
                  scope == Scope.ATOM
                      ? (a, b, g, out, off) -> oneHot(out, off, vs, other, atomValue.apply(a))
                      : (a, b, g, out, off) ->
                          oneHot(out, off, vs, other, bondValue.of(b, g, vs, other));
              return new Block(k, scope, names, fill);
            }));
  }

  private static void ints(
      String key, Scope scope, String doc, Function<MolGraph.Atom, Integer> value) {
    register(
        new KeyDef(
            key,
            scope,
            doc,
            (k, json, where) -> {
              OneHot<Integer> spec = OneHot.ints(k, json, where);
              checkUnique(k, spec.values(), where);
              List<Integer> vs = spec.values();
              boolean other = spec.other();
              return new Block(
                  k,
                  scope,
                  slotNames(k, vs, other),
                  (a, b, g, out, off) -> oneHot(out, off, vs, other, value.apply(a)));
            }));
  }

  private interface FlagValue {
    boolean of(MolGraph.Atom a, MolGraph.Bond b);
  }

  private static void flag(String key, Scope scope, String doc, FlagValue value) {
    register(
        new KeyDef(
            key,
            scope,
            doc,
            (k, json, where) -> {
              if (!json.isJsonPrimitive() || !json.getAsJsonPrimitive().isBoolean()) {
                throw new AttribException(
                    where + ": featurization '" + k + "' must be true or false");
              }
              if (!json.getAsBoolean()) {
                return null;
              }
              return new Block(
                  k, scope, List.of(k), (a, b, g, out, off) -> out[off] = value.of(a, b) ? 1 : 0);
            }));
  }

  private static void ringSizes(String key, String prefix, Scope scope, String doc) {
    register(
        new KeyDef(
            key,
            scope,
            doc,
            (k, json, where) -> {
              OneHot<Integer> spec = OneHot.ints(k, json, where);
              checkUnique(k, spec.values(), where);
              List<Integer> vs = spec.values();
              boolean other = spec.other();
              return new Block(
                  k,
                  scope,
                  slotNames(prefix, vs, other),
                  (a, b, g, out, off) -> {
                    List<Integer> sizes = a != null ? a.ringSizes() : b.ringSizes();
                    for (int s : sizes) {
                      int i = vs.indexOf(s);
                      if (i >= 0) {
                        out[off + i] = 1;
                      } else if (other) {
                        out[off + vs.size()] = 1;
                      }
                    }
                  });
            }));
  }

  private static Block mass(String key, JsonElement json, String where) {
    double scale;
    if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isBoolean()) {
      if (!json.getAsBoolean()) {
        return null;
      }
      scale = 0.01;
    } else if (json.isJsonPrimitive()
        && json.getAsJsonPrimitive().isNumber()
        && json.getAsDouble() > 0) {
      scale = json.getAsDouble();
    } else {
      throw new AttribException(
          where + ": featurization 'mass' must be true, false or a positive scale");
    }
    return new Block(
        key,
        Scope.ATOM,
        List.of("mass"),
        (a, b, g, out, off) -> out[off] = (float) (a.mass() * scale));
  }

  private static String bondType(MolGraph.Bond b, MolGraph g, List<String> types, boolean other) {
    String type = b.type();
    if (type.equals("aromatic") && !types.contains("aromatic")) {
      type = b.kekuleType();
    }
    if (!types.contains(type) && !other) {
      throw new AttribException(
          "bond "
              + b.label(g)
              + " is "
              + type
              + ", which the model's featurization does not list (bondTypes: "
              + String.join(", ", types)
              + ")");
    }
    return type;
  }

  private static List<String> slotNames(String prefix, List<?> values, boolean other) {
    List<String> names = new ArrayList<>();
    for (Object v : values) {
      names.add(prefix + "=" + v);
    }
    if (other) {
      names.add(prefix + "=other");
    }
    return names;
  }

  private static void oneHot(float[] f, int offset, List<?> values, boolean other, Object value) {
    int i = value == null ? -1 : values.indexOf(value);
    if (i >= 0) {
      f[offset + i] = 1;
    } else if (other) {
      f[offset + values.size()] = 1;
    }
  }

  private static void checkUnique(String key, List<?> values, String where) {
    if (new HashSet<>(values).size() != values.size()) {
      throw new AttribException(
          where + ": featurization '" + key + "' lists a value twice: " + values);
    }
  }

  /** A list, or {@code {"values": [...], "other": bool}}. */
  private record OneHot<T>(List<T> values, boolean other) {

    static OneHot<String> strings(String key, JsonElement e, String where, boolean otherDefault) {
      return parse(key, e, where, otherDefault, "strings", OneHot::string);
    }

    static OneHot<Integer> ints(String key, JsonElement e, String where) {
      return parse(key, e, where, true, "integers", OneHot::integer);
    }

    private static String string(JsonElement x) {
      return x.isJsonPrimitive() && x.getAsJsonPrimitive().isString() ? x.getAsString() : null;
    }

    private static Integer integer(JsonElement x) {
      return x.isJsonPrimitive()
              && x.getAsJsonPrimitive().isNumber()
              && x.getAsDouble() == Math.rint(x.getAsDouble())
          ? x.getAsInt()
          : null;
    }

    private static <T> OneHot<T> parse(
        String key,
        JsonElement e,
        String where,
        boolean otherDefault,
        String what,
        Function<JsonElement, T> item) {
      boolean other = otherDefault;
      JsonElement list = e;
      if (e.isJsonObject()) {
        JsonObject o = e.getAsJsonObject();
        for (String k : new TreeSet<>(o.keySet())) {
          if (!k.equals("values") && !k.equals("other")) {
            throw new AttribException(
                where
                    + ": unknown key '"
                    + k
                    + "' in featurization '"
                    + key
                    + "'; available: other, values");
          }
        }
        list = o.get("values");
        if (list == null) {
          throw new AttribException(where + ": featurization '" + key + "' needs 'values'");
        }
        JsonElement oth = o.get("other");
        if (oth != null) {
          if (!oth.isJsonPrimitive() || !oth.getAsJsonPrimitive().isBoolean()) {
            throw new AttribException(
                where + ": featurization '" + key + "': 'other' must be true or false");
          }
          other = oth.getAsBoolean();
        }
      }
      if (!list.isJsonArray()) {
        throw new AttribException(
            where + ": featurization '" + key + "' must be a list of " + what);
      }
      List<T> out = new ArrayList<>();
      for (JsonElement x : list.getAsJsonArray()) {
        T v = item.apply(x);
        if (v == null) {
          throw new AttribException(
              where + ": featurization '" + key + "' must be a list of " + what);
        }
        out.add(v);
      }
      return new OneHot<>(List.copyOf(out), !out.isEmpty() && other);
    }
  }
}
