package dev.attrib.molecule;

import dev.attrib.spi.AttribException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.atomtype.CDKAtomTypeMatcher;
import org.openscience.cdk.config.Isotopes;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IAtomType;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IChemObjectBuilder;
import org.openscience.cdk.interfaces.IDoubleBondStereochemistry;
import org.openscience.cdk.interfaces.IStereoElement;
import org.openscience.cdk.interfaces.ITetrahedralChirality;
import org.openscience.cdk.io.IChemObjectReader;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.io.MDLV3000Reader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.CDKHydrogenAdder;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Turns one molecule given as text (a SMILES string, or a MOL block) into a CDK molecule with the
 * perception attrib's featurisation relies on, and into a plain {@link MolGraph}.
 *
 * <pre>{@code
 * MolGraph g = MoleculeParser.graph("O=C(O)c1ccccc1[N+](=O)[O-]");
 * g.atoms().get(9).symbol();     // "N"
 * g.bonds().size();              // 12
 * }</pre>
 *
 * <p>Contract, in this order:
 *
 * <ol>
 *   <li>The text is a MOL block (V2000 or V3000) when it has a line break and a {@code V2000} or
 *       {@code V3000} counts line; otherwise a SMILES string, optionally followed by whitespace and
 *       a title (as in a {@code .smi} line).
 *   <li>Hydrogens: implicit counts as the SMILES or MOL reader gives them (CDK's hydrogen adder
 *       fills in atoms that have none); explicit hydrogen atoms are folded into their heavy atom's
 *       count (CDK's {@code suppressHydrogens}, as RDKit's default), so atoms are heavy atoms and
 *       their indices count heavy atoms only, in the input's order.
 *   <li>Aromaticity is perceived afresh with CDK's Daylight model over all rings (and all rings of
 *       size up to 6 when a molecule has too many rings to enumerate), whatever the input spelling:
 *       {@code c1ccccc1} and {@code C1=CC=CC=C1} give the same molecule.
 *   <li>Ring membership of atoms and bonds is marked; hybridisation is what CDK's atom typer
 *       assigns ({@code null} when no type matches).
 * </ol>
 *
 * <p>Every failure is an {@link AttribException} naming the input. Stateless and thread-safe (a new
 * CDK parser per call, as CDK's are not).
 */
public final class MoleculeParser {
  private MoleculeParser() {}

  static {
    // Before any CDK reader creates its logger: see CdkLogging.
    CdkLogging.install();
  }

  private static final IChemObjectBuilder BUILDER = SilentChemObjectBuilder.getInstance();

  /** The atom property holding the hydrogen count from before explicit H atoms were folded in. */
  private static final String IMPLICIT_H = "attrib.implicitHydrogens";

  /** True when {@code text} looks like a MOL block rather than a SMILES string. */
  public static boolean isMolBlock(String text) {
    return text.indexOf('\n') >= 0 && (text.contains("V2000") || text.contains("V3000"));
  }

  /** Parses and perceives; the CDK molecule, atoms in input order (heavy atoms only). */
  public static IAtomContainer parse(String text) {
    if (text == null || text.isBlank()) {
      throw new AttribException("empty molecule: no SMILES or MOL block given");
    }
    return perceive(isMolBlock(text) ? readMolBlock(text) : readSmiles(text), text);
  }

  /**
   * The perception steps of {@link #parse} on a molecule already read from {@code text} (e.g. by
   * CDK's SDF reader); {@code text} names it in messages.
   */
  static IAtomContainer perceive(IAtomContainer mol, String text) {
    if (mol.getAtomCount() == 0) {
      throw new AttribException("molecule '" + shortText(text) + "' has no atoms");
    }
    try {
      boolean missingH = false;
      for (IAtom a : mol.atoms()) {
        missingH |= a.getImplicitHydrogenCount() == null;
      }
      if (missingH) {
        AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(mol);
        CDKHydrogenAdder.getInstance(BUILDER).addImplicitHydrogens(mol);
      }
      for (IAtom a : mol.atoms()) {
        if (a.getImplicitHydrogenCount() == null) {
          a.setImplicitHydrogenCount(0);
        }
        // Before suppressHydrogens folds written [H] atoms into the count: these are the ones
        // the input did not write as atoms (the implicitHydrogens feature).
        a.setProperty(IMPLICIT_H, a.getImplicitHydrogenCount());
      }
      mol = AtomContainerManipulator.suppressHydrogens(mol);
      // Fresh perception: the input's own aromatic flags (lower-case SMILES, MOL aromatic bonds)
      // must not decide the features, or two spellings of one molecule would differ.
      for (IAtom a : mol.atoms()) {
        a.setIsAromatic(false);
      }
      for (IBond b : mol.bonds()) {
        b.setIsAromatic(false);
      }
      new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.all(6)))
          .apply(mol);
      Cycles.markRingAtomsAndBonds(mol);
    } catch (CDKException | RuntimeException e) {
      if (e instanceof AttribException ae) {
        throw ae;
      }
      throw new AttribException(
          "cannot perceive molecule '" + shortText(text) + "': " + e.getMessage(), e);
    }
    return mol;
  }

  /** Parses, perceives and reduces to plain values. */
  public static MolGraph graph(String text) {
    return graph(parse(text));
  }

  /** The plain graph of an already perceived molecule (from {@link #parse}). */
  public static MolGraph graph(IAtomContainer mol) {
    CDKAtomTypeMatcher typer = CDKAtomTypeMatcher.getInstance(BUILDER);
    Map<IAtom, String> chirality = chirality(mol);
    Map<IBond, String> stereo = bondStereo(mol);
    List<SortedSet<Integer>> atomRings = new ArrayList<>();
    List<SortedSet<Integer>> bondRings = new ArrayList<>();
    ringSizes(mol, atomRings, bondRings);
    List<MolGraph.Atom> atoms = new ArrayList<>(mol.getAtomCount());
    for (IAtom a : mol.atoms()) {
      int hydrogens = a.getImplicitHydrogenCount() == null ? 0 : a.getImplicitHydrogenCount();
      int heavy = 0;
      for (IAtom n : mol.getConnectedAtomsList(a)) {
        if (n.getAtomicNumber() != null && n.getAtomicNumber() == 1) {
          hydrogens++; // an H that suppressHydrogens kept (e.g. in H2) still counts as an H
        } else {
          heavy++;
        }
      }
      String hybrid = null;
      try {
        IAtomType t = typer.findMatchingAtomType(mol, a);
        if (t != null && !"X".equals(t.getAtomTypeName())) {
          hybrid = hybridization(t.getHybridization());
        }
      } catch (CDKException e) {
        hybrid = null; // no type: the featuriser's "other" slot says so
      }
      int z = a.getAtomicNumber() == null ? 0 : a.getAtomicNumber();
      int charge = a.getFormalCharge() == null ? 0 : a.getFormalCharge();
      Integer implicit = a.getProperty(IMPLICIT_H);
      int isotope = a.getMassNumber() == null ? 0 : a.getMassNumber();
      atoms.add(
          new MolGraph.Atom(
              a.getIndex(),
              a.getSymbol(),
              z,
              charge,
              hydrogens,
              heavy,
              a.isAromatic(),
              hybrid,
              a.isInRing(),
              implicit == null ? hydrogens : Math.min(implicit, hydrogens),
              radicals(mol, a, z, charge, hydrogens),
              mass(z, isotope),
              isotope,
              chirality.getOrDefault(a, MolGraph.UNSPECIFIED),
              List.copyOf(atomRings.get(a.getIndex())),
              valence(mol, a, hydrogens)));
    }
    List<MolGraph.Bond> bonds = new ArrayList<>(mol.getBondCount());
    boolean[] pi = new boolean[mol.getAtomCount()];
    for (IBond b : mol.bonds()) {
      if (b.isAromatic() || order(b) > 1) {
        pi[b.getBegin().getIndex()] = true;
        pi[b.getEnd().getIndex()] = true;
      }
    }
    boolean[] donor = new boolean[mol.getAtomCount()];
    for (MolGraph.Atom a : atoms) {
      donor[a.index()] =
          !pi[a.index()]
              && a.formalCharge() <= 0
              && (a.atomicNumber() == 7 || a.atomicNumber() == 8 || a.atomicNumber() == 16);
    }
    boolean[] conjugated = new boolean[mol.getBondCount()];
    for (IBond b : mol.bonds()) {
      int i = b.getBegin().getIndex();
      int j = b.getEnd().getIndex();
      if (b.isAromatic()) {
        conjugated[b.getIndex()] = true;
      } else if (order(b) == 1) {
        conjugated[b.getIndex()] = (pi[i] && (pi[j] || donor[j])) || (pi[j] && donor[i]);
      }
    }
    // A multiple bond is conjugated when it shares an atom with a conjugated single bond.
    for (IBond b : mol.bonds()) {
      if (!b.isAromatic() && order(b) > 1) {
        for (IAtom end : b.atoms()) {
          for (IBond other : mol.getConnectedBondsList(end)) {
            if (other != b
                && !other.isAromatic()
                && order(other) == 1
                && conjugated[other.getIndex()]) {
              conjugated[b.getIndex()] = true;
            }
          }
        }
      }
    }
    for (IBond b : mol.bonds()) {
      String type = b.isAromatic() ? "aromatic" : kekuleType(b);
      bonds.add(
          new MolGraph.Bond(
              b.getIndex(),
              b.getBegin().getIndex(),
              b.getEnd().getIndex(),
              type,
              kekuleType(b),
              conjugated[b.getIndex()],
              b.isInRing(),
              stereo.getOrDefault(b, MolGraph.NO_STEREO),
              List.copyOf(bondRings.get(b.getIndex()))));
    }
    String title = mol.getTitle();
    return new MolGraph(atoms, bonds, title == null ? "" : title.strip());
  }

  /**
   * Tetrahedral centres as {@code cw}/{@code ccw} looking from the first neighbour in atom order,
   * the other three clockwise or not; an implicit hydrogen sits at the centre's own index (where a
   * SMILES writes it, {@code F[C@@H](Cl)Br}), so a SMILES whose centres list their neighbours in
   * atom order keeps its {@code @}/{@code @@} as {@code ccw}/{@code cw}.
   */
  private static Map<IAtom, String> chirality(IAtomContainer mol) {
    Map<IAtom, String> out = new HashMap<>();
    for (IStereoElement<?, ?> se : mol.stereoElements()) {
      if (!(se instanceof ITetrahedralChirality tc) || tc.getStereo() == null) {
        continue;
      }
      IAtom[] ligands = tc.getLigands();
      int[] idx = new int[ligands.length];
      boolean known = ligands.length == 4;
      for (int i = 0; i < ligands.length && known; i++) {
        idx[i] = mol.indexOf(ligands[i]);
        known = idx[i] >= 0;
      }
      if (!known) {
        continue;
      }
      boolean clockwise = tc.getStereo() == ITetrahedralChirality.Stereo.CLOCKWISE;
      // Sorting the ligands into atom order flips the handedness once per swap.
      if (inversions(idx) % 2 == 1) {
        clockwise = !clockwise;
      }
      out.put(tc.getChiralAtom(), clockwise ? "cw" : "ccw");
    }
    return out;
  }

  private static int inversions(int[] a) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = i + 1; j < a.length; j++) {
        if (a[i] > a[j]) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Double bonds as {@code cis}/{@code trans}, seen from the lowest-index neighbour at each end
   * (CDK stores them against the neighbours the input happened to name).
   */
  private static Map<IBond, String> bondStereo(IAtomContainer mol) {
    Map<IBond, String> out = new HashMap<>();
    for (IStereoElement<?, ?> se : mol.stereoElements()) {
      if (!(se instanceof IDoubleBondStereochemistry db) || db.getStereo() == null) {
        continue;
      }
      IBond b = db.getStereoBond();
      IBond[] refs = db.getBonds();
      if (b == null || refs == null || refs.length != 2) {
        continue;
      }
      IAtom u = b.getBegin();
      IAtom v = b.getEnd();
      IBond ru = refs[0].contains(u) ? refs[0] : refs[1];
      IBond rv = ru == refs[0] ? refs[1] : refs[0];
      if (!ru.contains(u) || !rv.contains(v)) {
        continue;
      }
      boolean together = db.getStereo() == IDoubleBondStereochemistry.Conformation.TOGETHER;
      if (ru.getOther(u) != lowestNeighbour(mol, u, v)) {
        together = !together;
      }
      if (rv.getOther(v) != lowestNeighbour(mol, v, u)) {
        together = !together;
      }
      out.put(b, together ? "cis" : "trans");
    }
    return out;
  }

  private static IAtom lowestNeighbour(IAtomContainer mol, IAtom a, IAtom except) {
    IAtom best = null;
    for (IAtom n : mol.getConnectedAtomsList(a)) {
      if (n != except && (best == null || mol.indexOf(n) < mol.indexOf(best))) {
        best = n;
      }
    }
    return best;
  }

  /** Sizes of CDK's relevant cycles (the union of all smallest sets of smallest rings). */
  private static void ringSizes(
      IAtomContainer mol, List<SortedSet<Integer>> atoms, List<SortedSet<Integer>> bonds) {
    for (int i = 0; i < mol.getAtomCount(); i++) {
      atoms.add(new TreeSet<>());
    }
    for (int i = 0; i < mol.getBondCount(); i++) {
      bonds.add(new TreeSet<>());
    }
    int[][] paths;
    try {
      paths = Cycles.relevant(mol).paths();
    } catch (RuntimeException e) {
      // Ring sizes are one optional feature; a molecule CDK cannot enumerate them for (a huge
      // cage) still gets its other features, with no ring sizes.
      return;
    }
    for (int[] path : paths) {
      int size = path.length - 1;
      for (int k = 0; k < size; k++) {
        atoms.get(path[k]).add(size);
        IBond b = mol.getBond(mol.getAtom(path[k]), mol.getAtom(path[k + 1]));
        if (b != null) {
          bonds.get(b.getIndex()).add(size);
        }
      }
    }
  }

  /**
   * Unpaired electrons: CDK's single electrons (from a MOL block's radical property), else what the
   * atom lacks of the next standard valence of its element (taken isoelectronically for a charged
   * atom: N+ as C, O- as F). Atoms written without brackets get their hydrogens from that valence,
   * so only bracket atoms ({@code [CH3]}, {@code [O]}) can have radicals this way.
   */
  private static int radicals(IAtomContainer mol, IAtom a, int z, int charge, int hydrogens) {
    int single = mol.getConnectedSingleElectronsCount(a);
    if (single > 0) {
      return single;
    }
    int[] valences = VALENCES.get(z - charge);
    if (valences == null || z == 0) {
      return 0;
    }
    int used = valence(mol, a, hydrogens);
    for (int v : valences) {
      if (v >= used) {
        return v - used;
      }
    }
    return 0;
  }

  /** Kekulé bond orders plus hydrogens. */
  private static int valence(IAtomContainer mol, IAtom a, int hydrogens) {
    int v = hydrogens;
    for (IBond b : mol.getConnectedBondsList(a)) {
      v += Math.max(order(b), 1);
    }
    return v;
  }

  /** Standard valences by atomic number, for the radical rule. */
  private static final Map<Integer, int[]> VALENCES =
      Map.ofEntries(
          Map.entry(5, new int[] {3}),
          Map.entry(6, new int[] {4}),
          Map.entry(7, new int[] {3}),
          Map.entry(8, new int[] {2}),
          Map.entry(9, new int[] {1}),
          Map.entry(14, new int[] {4}),
          Map.entry(15, new int[] {3, 5}),
          Map.entry(16, new int[] {2, 4, 6}),
          Map.entry(17, new int[] {1}),
          Map.entry(33, new int[] {3, 5}),
          Map.entry(34, new int[] {2, 4, 6}),
          Map.entry(35, new int[] {1}),
          Map.entry(53, new int[] {1, 3, 5}));

  /** The isotope's exact mass, else the element's standard atomic weight; 0 if unknown. */
  private static double mass(int z, int isotope) {
    if (z <= 0) {
      return 0;
    }
    try {
      Isotopes iso = Isotopes.getInstance();
      if (isotope > 0) {
        double m = iso.getExactMass(z, isotope);
        if (m > 0) {
          return m;
        }
      }
      return iso.getNaturalMass(z);
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  private static int order(IBond b) {
    return b.getOrder() == null || b.getOrder() == IBond.Order.UNSET ? 0 : b.getOrder().numeric();
  }

  private static String kekuleType(IBond b) {
    if (b.getOrder() == null || b.getOrder() == IBond.Order.UNSET) {
      return "unset";
    }
    return b.getOrder().name().toLowerCase(Locale.ROOT);
  }

  private static String hybridization(IAtomType.Hybridization h) {
    if (h == null) {
      return null;
    }
    return switch (h) {
      case SP1 -> "sp";
      case SP2, PLANAR3 -> "sp2"; // CDK's planar3 (pyrrole N, amide-like N) is trigonal planar
      case SP3 -> "sp3";
      case SP3D1 -> "sp3d";
      case SP3D2 -> "sp3d2";
      default -> h.name().toLowerCase(Locale.ROOT);
    };
  }

  private static IAtomContainer readSmiles(String text) {
    SmilesParser p = new SmilesParser(BUILDER);
    try {
      return p.parseSmiles(text.strip());
    } catch (CDKException | RuntimeException e) {
      throw new AttribException(
          "invalid SMILES '" + shortText(text) + "': " + firstLine(e.getMessage()), e);
    }
  }

  private static IAtomContainer readMolBlock(String text) {
    boolean v3000 = text.contains("V3000");
    try {
      IChemObjectReader.Mode mode = IChemObjectReader.Mode.STRICT;
      IAtomContainer mol;
      if (v3000) {
        try (MDLV3000Reader r = new MDLV3000Reader(new StringReader(text), mode)) {
          mol = r.read(BUILDER.newAtomContainer());
        }
      } else {
        try (MDLV2000Reader r = new MDLV2000Reader(new StringReader(text), mode)) {
          mol = r.read(BUILDER.newAtomContainer());
        }
      }
      if (mol == null) {
        throw new AttribException("unreadable MOL block '" + shortText(text) + "'");
      }
      return mol;
    } catch (CDKException | java.io.IOException | RuntimeException e) {
      if (e instanceof AttribException ae) {
        throw ae;
      }
      throw new AttribException(
          "unreadable MOL block '" + shortText(text) + "': " + firstLine(e.getMessage()), e);
    }
  }

  /** The input shortened to one line of at most 80 characters, for messages. */
  static String shortText(String text) {
    String one = text.strip();
    int nl = one.indexOf('\n');
    if (nl >= 0) {
      one = one.substring(0, nl).strip() + " ...";
    }
    return one.length() > 80 ? one.substring(0, 77) + "..." : one;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    String first = (nl >= 0 ? s.substring(0, nl) : s).strip();
    // CDK ends the line with ':' before a picture of the SMILES with a caret, which is not shown.
    return first.endsWith(":") ? first.substring(0, first.length() - 1).strip() : first;
  }
}
