/**
 * The {@code molecule} modality: molecules from SMILES or SDF, attributed per atom and bond.
 *
 * <p>Not implemented yet: {@link dev.attrib.molecule.MoleculeModality} only registers the name
 * {@code molecule} so the CLI and the registry can list it; encoding and summarising fail with a
 * clear message.
 */
package dev.attrib.molecule;
