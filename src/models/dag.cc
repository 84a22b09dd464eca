#include "models/dag.h"

#include <algorithm>
#include <map>
#include <set>

namespace ecomdw::models {

Result<ModelGraph> ModelGraph::Build(std::vector<Model> models) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < models.size(); ++i) {
    auto [it, inserted] = index.emplace(models[i].full_name(), i);
    if (!inserted) {
      return Status::InvalidArgument("{} and {} both define model {}", models[it->second].path, models[i].path,
                                     models[i].full_name());
    }
  }
  for (Model& m : models) {
    m.depends_on.clear();
    for (const std::string& t : m.reads) {
      if (index.count(t) && t != m.full_name()) m.depends_on.push_back(t);
    }
  }
  // Kahn's algorithm; the ready set is ordered by name for determinism.
  std::map<std::string, int> indegree;
  std::map<std::string, std::vector<std::string>> dependents;
  for (const Model& m : models) {
    indegree[m.full_name()] += 0;
    for (const std::string& d : m.depends_on) {
      indegree[m.full_name()]++;
      dependents[d].push_back(m.full_name());
    }
  }
  std::set<std::string> ready;
  for (const auto& [name, deg] : indegree) {
    if (deg == 0) ready.insert(name);
  }
  ModelGraph g;
  while (!ready.empty()) {
    std::string name = *ready.begin();
    ready.erase(ready.begin());
    g.models_.push_back(models[index[name]]);
    for (const std::string& dep : dependents[name]) {
      if (--indegree[dep] == 0) ready.insert(dep);
    }
  }
  if (g.models_.size() != models.size()) {
    std::string cycle;
    for (const auto& [name, deg] : indegree) {
      if (deg > 0) cycle += (cycle.empty() ? "" : ", ") + name;
    }
    return Status::InvalidArgument("models form a dependency cycle: {}", cycle);
  }
  return g;
}

const Model* ModelGraph::Find(const std::string& name) const {
  for (const Model& m : models_) {
    if (m.full_name() == name) return &m;
  }
  const Model* found = nullptr;
  for (const Model& m : models_) {
    if (m.name == name) {
      if (found) return nullptr;  // ambiguous short name
      found = &m;
    }
  }
  return found;
}

Result<std::vector<std::string>> ModelGraph::Select(const std::vector<std::string>& selectors) const {
  std::set<std::string> chosen;
  if (selectors.empty()) {
    for (const Model& m : models_) chosen.insert(m.full_name());
  }
  for (std::string sel : selectors) {
    bool upstream = !sel.empty() && sel.front() == '+';
    bool downstream = !sel.empty() && sel.back() == '+';
    if (upstream) sel.erase(0, 1);
    if (downstream) sel.pop_back();
    const Model* root = Find(sel);
    if (!root) return Status::InvalidArgument("--select {}: no such model (or an ambiguous short name)", sel);
    chosen.insert(root->full_name());
    if (upstream) {  // reverse order: dependents come after their dependencies
      std::set<std::string> frontier = {root->full_name()};
      for (auto it = models_.rbegin(); it != models_.rend(); ++it) {
        if (!frontier.count(it->full_name())) continue;
        for (const std::string& d : it->depends_on) frontier.insert(d);
      }
      chosen.insert(frontier.begin(), frontier.end());
    }
    if (downstream) {
      std::set<std::string> frontier = {root->full_name()};
      for (const Model& m : models_) {
        for (const std::string& d : m.depends_on) {
          if (frontier.count(d)) frontier.insert(m.full_name());
        }
      }
      chosen.insert(frontier.begin(), frontier.end());
    }
  }
  std::vector<std::string> out;
  for (const Model& m : models_) {
    if (chosen.count(m.full_name())) out.push_back(m.full_name());
  }
  return out;
}

}  // namespace ecomdw::models
