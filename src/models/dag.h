// The model graph: dependency order, cycles, and `--select` expressions.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "models/model.h"

namespace ecomdw::models {

class ModelGraph {
 public:
  // Links each model's `reads` to the models it names (filling depends_on)
  // and orders them. InvalidArgument naming the models of a cycle, or two
  // files defining the same model.
  static Result<ModelGraph> Build(std::vector<Model> models);

  // All models, dependencies before dependents (ties by name, so the order
  // is deterministic).
  const std::vector<Model>& ordered() const { return models_; }

  // Resolves selectors to model names, in dependency order:
  //   "core.fact_orders" or "fact_orders"   the model itself
  //   "core.fact_orders+"                    it and everything downstream
  //   "+core.fact_orders"                    it and everything upstream
  // An empty list selects all. InvalidArgument for an unknown model.
  Result<std::vector<std::string>> Select(const std::vector<std::string>& selectors) const;

  const Model* Find(const std::string& name) const;  // full or short name

 private:
  std::vector<Model> models_;
};

}  // namespace ecomdw::models
