// Runs the bsig CLI from source (used by tests that spawn it as a child process, e.g. to SIGKILL it).
import { main } from "../../src/cli/main";
main();
