// ecomdw: argv -> cli::Run -> exit code.
#include "cli/cli.h"

int main(int argc, char** argv) { return ecomdw::cli::Run(argc, argv); }
