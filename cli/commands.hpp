#pragma once
// The chatkit-cli commands. Each reads its inputs, writes results to `out` and problems to
// `err`, and returns the process exit code (0 ok, 1 failure, 2 usage).
#include <iosfwd>
#include <string>
#include <vector>

namespace chatkit::cli {

int run_diff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_replay(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);
int run_validate_widget(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// Renders a ChatKit Studio `.widget` template with DATA.json; prints the validated widget JSON.
int run_template(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace chatkit::cli
