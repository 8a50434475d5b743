import { InputError } from "../core/errors";
import type { ProfileName, StudyProfile } from "./types";

/** The study profiles, by name. */
export const STUDY_PROFILES: Readonly<Record<ProfileName, StudyProfile>> = {
  default: {
    name: "default",
    description: "every chapter on the full embedded data",
    seed: 20250927,
    smoke: false,
  },
  smoke: {
    name: "smoke",
    description: "every chapter on small inputs, fast enough for CI",
    seed: 20250927,
    smoke: true,
  },
};

/**
 * The profile with this name; an InputError naming the known profiles otherwise.
 *
 * @example
 *   studyProfile("smoke").smoke  // true
 */
export function studyProfile(name: string): StudyProfile {
  if (!Object.prototype.hasOwnProperty.call(STUDY_PROFILES, name)) {
    throw new InputError("--profile", `unknown profile '${name}' (known: ${Object.keys(STUDY_PROFILES).join(", ")})`);
  }
  return STUDY_PROFILES[name as ProfileName];
}
