// rolemig's entry point: everything happens in the library (cli/cli.h).
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return rolemig::run_cli(args, std::cout, std::cerr);
}
