import dev.attrib.fixtures.molecule.LabelledMolecule;
import dev.attrib.fixtures.molecule.MoleculeGenerator;
import dev.attrib.fixtures.molecule.TaskRule;
import dev.attrib.fixtures.text.Question;
import dev.attrib.fixtures.text.QuestionGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the benchmark's inputs with the fixtures' deterministic generators (the demo models' own
 * data): {@code DIR/molecules.smi} (N molecules, one SMILES a line) and {@code DIR/questions.txt}
 * (M held-out questions, one a line). Run with the CLI's class path:
 *
 * <pre>
 * java -cp "cli/target/attrib-cli-0.1.0-SNAPSHOT.jar:cli/target/lib/*" \
 *     bench/spark/GenerateInputs.java DIR 20000 5000
 * </pre>
 */
public class GenerateInputs {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int molecules = Integer.parseInt(args[1]);
    int questions = Integer.parseInt(args[2]);
    Files.createDirectories(dir);
    List<String> smiles = new ArrayList<>();
    // The demo model's own limit on heavy atoms (40), and a seed of its own.
    for (LabelledMolecule m : new MoleculeGenerator(TaskRule.DEMO, 40).generate(molecules, 20260L)) {
      smiles.add(m.smiles());
    }
    Files.write(dir.resolve("molecules.smi"), smiles);
    List<String> text = new ArrayList<>();
    for (Question q : QuestionGenerator.generate(QuestionGenerator.Split.TEST, questions, 20260L)) {
      text.add(q.text());
    }
    Files.write(dir.resolve("questions.txt"), text);
  }
}
