package dev.attrib.molecule;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.attrib.spi.AttribException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The atom and pair featurisation of a molecule model, as the manifest's {@code "featurization"}
 * object spells it out. The same spec drives the demo model's training and every attribution, and a
 * model trained elsewhere is matched by writing its spec.
 *
 * <pre>{@code
 * Featurization f = Featurization.DEFAULT;          // or Featurization.fromJson(json, "attrib.json")
 * MolGraph g = MoleculeParser.graph("CC(=O)O");
 * float[] atoms = f.atomFeatures(g);                 // [4 * f.atomFeatureCount()], row-major
 * float[] pairs = f.pairFeatures(g, 4);              // [4 * 4 * f.pairFeatureCount()]
 * f.atomFeatureNames().get(0);                       // "element=C"
 * }</pre>
 *
 * <p>Atom features, in this order, each block present when its key is:
 *
 * <ul>
 *   <li>{@code elements}: one-hot over the listed symbols plus an {@code other} slot;
 *   <li>{@code degree} (heavy-atom neighbours), {@code formalCharge}, {@code hydrogens} (total
 *       attached H): one-hot over the listed integers plus {@code other};
 *   <li>{@code aromatic}: 1 if the atom is aromatic (when {@code true});
 *   <li>{@code hybridization}: one-hot over the listed names ({@code sp}, {@code sp2}, {@code sp3},
 *       {@code sp3d}, {@code sp3d2}) plus {@code other} (also for atoms CDK cannot type);
 *   <li>{@code inRing}: 1 if the atom is in a ring (when {@code true}).
 * </ul>
 *
 * <p>Pair features of atoms {@code i != j}, zero when they are not bonded and the same in both
 * directions when they are:
 *
 * <ul>
 *   <li>{@code bondTypes}: one-hot over the listed types ({@code single}, {@code double}, {@code
 *       triple}, {@code aromatic}); no {@code other} slot, so a bonded pair is never all zero here.
 *       Without {@code aromatic} in the list, aromatic bonds are given their Kekulé order (for
 *       models trained on Kekulé structures); a bond whose type is not listed is an error;
 *   <li>{@code conjugated}, {@code bondInRing}: 1 if the bond is conjugated / in a ring (when
 *       {@code true}).
 * </ul>
 *
 * <p>The diagonal {@code [i, i, :]} is always zero. See {@code docs/molecule-featurization.md} for
 * the perception rules behind each feature.
 *
 * @param elements element symbols, or empty for no element block
 * @param degree degree values, or empty
 * @param formalCharge formal charge values, or empty
 * @param hydrogens total-hydrogen values, or empty
 * @param aromatic whether the aromatic flag is a feature
 * @param hybridization hybridisation names, or empty
 * @param inRing whether atom ring membership is a feature
 * @param bondTypes bond types (at least one)
 * @param conjugated whether bond conjugation is a feature
 * @param bondInRing whether bond ring membership is a feature
 */
public record Featurization(
    List<String> elements,
    List<Integer> degree,
    List<Integer> formalCharge,
    List<Integer> hydrogens,
    boolean aromatic,
    List<String> hybridization,
    boolean inRing,
    List<String> bondTypes,
    boolean conjugated,
    boolean bondInRing) {

  /** The keys of the {@code "featurization"} object. */
  public static final Set<String> KEYS =
      Set.of(
          "elements",
          "degree",
          "formalCharge",
          "hydrogens",
          "aromatic",
          "hybridization",
          "inRing",
          "bondTypes",
          "conjugated",
          "bondInRing");

  private static final Set<String> HYBRIDIZATIONS = Set.of("sp", "sp2", "sp3", "sp3d", "sp3d2");
  private static final Set<String> BOND_TYPES = Set.of("single", "double", "triple", "aromatic");

  /**
   * The spec of the built-in demo model: 31 atom features (10 element, 6 degree, 4 charge, 5
   * hydrogen, aromatic, 4 hybridisation, in ring) and 6 pair features (4 bond types, conjugated, in
   * ring).
   */
  public static final Featurization DEFAULT =
      new Featurization(
          List.of("C", "N", "O", "F", "P", "S", "Cl", "Br", "I"),
          List.of(0, 1, 2, 3, 4),
          List.of(-1, 0, 1),
          List.of(0, 1, 2, 3),
          true,
          List.of("sp", "sp2", "sp3"),
          true,
          List.of("single", "double", "triple", "aromatic"),
          true,
          true);

  public Featurization {
    elements = List.copyOf(elements);
    degree = List.copyOf(degree);
    formalCharge = List.copyOf(formalCharge);
    hydrogens = List.copyOf(hydrogens);
    hybridization = List.copyOf(hybridization);
    bondTypes = List.copyOf(bondTypes);
    for (String h : hybridization) {
      if (!HYBRIDIZATIONS.contains(h)) {
        throw new AttribException(
            "unknown hybridization '"
                + h
                + "' in featurization; available: "
                + String.join(", ", new TreeSet<>(HYBRIDIZATIONS)));
      }
    }
    if (bondTypes.isEmpty()) {
      throw new AttribException(
          "featurization needs at least one bond type in 'bondTypes', or bonded pairs could look"
              + " unbonded");
    }
    for (String t : bondTypes) {
      if (!BOND_TYPES.contains(t)) {
        throw new AttribException(
            "unknown bond type '"
                + t
                + "' in featurization; available: single, double, triple, aromatic");
      }
    }
    checkUnique("elements", elements);
    checkUnique("degree", degree);
    checkUnique("formalCharge", formalCharge);
    checkUnique("hydrogens", hydrogens);
    checkUnique("hybridization", hybridization);
    checkUnique("bondTypes", bondTypes);
  }

  private static void checkUnique(String key, List<?> values) {
    if (new java.util.HashSet<>(values).size() != values.size()) {
      throw new AttribException("featurization '" + key + "' lists a value twice: " + values);
    }
  }

  /** Features per atom ({@code Fa}). */
  public int atomFeatureCount() {
    return atomFeatureNames().size();
  }

  /** Features per atom pair ({@code Fp}). */
  public int pairFeatureCount() {
    return pairFeatureNames().size();
  }

  /** One name per atom feature, in feature order, e.g. {@code element=C}, {@code degree=other}. */
  public List<String> atomFeatureNames() {
    List<String> n = new ArrayList<>();
    block(n, "element", elements);
    block(n, "degree", degree);
    block(n, "formalCharge", formalCharge);
    block(n, "hydrogens", hydrogens);
    if (aromatic) {
      n.add("aromatic");
    }
    block(n, "hybridization", hybridization);
    if (inRing) {
      n.add("inRing");
    }
    return n;
  }

  /** One name per pair feature, in feature order, e.g. {@code bond=aromatic}. */
  public List<String> pairFeatureNames() {
    List<String> n = new ArrayList<>();
    for (String t : bondTypes) {
      n.add("bond=" + t);
    }
    if (conjugated) {
      n.add("conjugated");
    }
    if (bondInRing) {
      n.add("bondInRing");
    }
    return n;
  }

  private static void block(List<String> names, String key, List<?> values) {
    if (values.isEmpty()) {
      return;
    }
    for (Object v : values) {
      names.add(key + "=" + v);
    }
    names.add(key + "=other");
  }

  /** The features of one atom. */
  public float[] atomFeatures(MolGraph.Atom a) {
    float[] f = new float[atomFeatureCount()];
    int o = 0;
    o = oneHot(f, o, elements, a.symbol());
    o = oneHot(f, o, degree, a.degree());
    o = oneHot(f, o, formalCharge, a.formalCharge());
    o = oneHot(f, o, hydrogens, a.hydrogens());
    if (aromatic) {
      f[o++] = a.aromatic() ? 1 : 0;
    }
    o = oneHot(f, o, hybridization, a.hybridization());
    if (inRing) {
      f[o++] = a.inRing() ? 1 : 0;
    }
    return f;
  }

  private static int oneHot(float[] f, int offset, List<?> values, Object value) {
    if (values.isEmpty()) {
      return offset;
    }
    int i = value == null ? -1 : values.indexOf(value);
    f[offset + (i < 0 ? values.size() : i)] = 1;
    return offset + values.size() + 1;
  }

  /** The features of one bond (the same for both directions). */
  public float[] bondFeatures(MolGraph.Bond b, MolGraph g) {
    float[] f = new float[pairFeatureCount()];
    String type = b.type();
    if (type.equals("aromatic") && !bondTypes.contains("aromatic")) {
      type = b.kekuleType();
    }
    int i = bondTypes.indexOf(type);
    if (i < 0) {
      throw new AttribException(
          "bond "
              + b.label(g)
              + " is "
              + type
              + ", which the model's featurization does not list (bondTypes: "
              + String.join(", ", bondTypes)
              + ")");
    }
    f[i] = 1;
    int o = bondTypes.size();
    if (conjugated) {
      f[o++] = b.conjugated() ? 1 : 0;
    }
    if (bondInRing) {
      f[o++] = b.inRing() ? 1 : 0;
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

  /** Reads a manifest's {@code "featurization"} object; {@code where} names the file. */
  public static Featurization fromJson(JsonElement json, String where) {
    if (json == null || !json.isJsonObject()) {
      throw new AttribException(where + ": 'featurization' must be a JSON object");
    }
    JsonObject o = json.getAsJsonObject();
    for (String key : new TreeSet<>(o.keySet())) {
      if (!KEYS.contains(key)) {
        throw new AttribException(
            where
                + ": unknown featurization key '"
                + key
                + "'; known keys: "
                + String.join(", ", new TreeSet<>(KEYS)));
      }
    }
    try {
      return new Featurization(
          strings(o, "elements", where),
          ints(o, "degree", where),
          ints(o, "formalCharge", where),
          ints(o, "hydrogens", where),
          bool(o, "aromatic", where),
          strings(o, "hybridization", where).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
          bool(o, "inRing", where),
          strings(o, "bondTypes", where).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
          bool(o, "conjugated", where),
          bool(o, "bondInRing", where));
    } catch (AttribException e) {
      if (e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new AttribException(where + ": " + e.getMessage(), e);
    }
  }

  /** The spec as a manifest's {@code "featurization"} object. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.add("elements", array(elements));
    o.add("degree", array(degree));
    o.add("formalCharge", array(formalCharge));
    o.add("hydrogens", array(hydrogens));
    o.addProperty("aromatic", aromatic);
    o.add("hybridization", array(hybridization));
    o.addProperty("inRing", inRing);
    o.add("bondTypes", array(bondTypes));
    o.addProperty("conjugated", conjugated);
    o.addProperty("bondInRing", bondInRing);
    return o;
  }

  private static JsonArray array(List<?> values) {
    JsonArray a = new JsonArray();
    for (Object v : values) {
      a.add(v instanceof Integer i ? new JsonPrimitive(i) : new JsonPrimitive(v.toString()));
    }
    return a;
  }

  private static List<String> strings(JsonObject o, String key, String where) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return List.of();
    }
    if (!e.isJsonArray()) {
      throw new AttribException(where + ": featurization '" + key + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonElement x : e.getAsJsonArray()) {
      if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
        throw new AttribException(
            where + ": featurization '" + key + "' must be a list of strings");
      }
      out.add(x.getAsString());
    }
    return out;
  }

  private static List<Integer> ints(JsonObject o, String key, String where) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return List.of();
    }
    if (!e.isJsonArray()) {
      throw new AttribException(where + ": featurization '" + key + "' must be a list of integers");
    }
    List<Integer> out = new ArrayList<>();
    for (JsonElement x : e.getAsJsonArray()) {
      if (!x.isJsonPrimitive()
          || !x.getAsJsonPrimitive().isNumber()
          || x.getAsDouble() != Math.rint(x.getAsDouble())) {
        throw new AttribException(
            where + ": featurization '" + key + "' must be a list of integers");
      }
      out.add(x.getAsInt());
    }
    return out;
  }

  private static boolean bool(JsonObject o, String key, String where) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return false;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new AttribException(where + ": featurization '" + key + "' must be true or false");
    }
    return e.getAsBoolean();
  }
}
