/**
 * The {@code molecule} modality: molecules from SMILES or MOL/SDF, attributed per atom and bond.
 *
 * <p>Entry points: {@link dev.attrib.molecule.MoleculeModality} (the SPI provider), {@link
 * dev.attrib.molecule.MoleculeParser} and {@link dev.attrib.molecule.Featurization} (what the model
 * sees), {@link dev.attrib.molecule.MoleculeReader} (batches), {@link
 * dev.attrib.molecule.MoleculeScores} (per-atom and per-bond scores, the atoms/bonds split), {@link
 * dev.attrib.molecule.MoleculeRenderers} and {@link dev.attrib.molecule.MoleculeGallery} (output),
 * {@link dev.attrib.molecule.AtomFaithfulness} (deletion/insertion curves).
 */
package dev.attrib.molecule;
