// Event-queue push and pop at steady state: a queue holding N events, one pop and one push
// per iteration (the simulator's pattern).
#include <benchmark/benchmark.h>

#include "core/rng.h"
#include "sim/engine/event_queue.h"

namespace vmsim::sim {
namespace {

void BM_EventQueuePushPop(benchmark::State& state) {
  EventQueue q;
  core::Rng rng(1);
  const int64_t n = state.range(0);
  for (int64_t i = 0; i < n; ++i)
    q.Push(core::Timestamp::FromMicros(rng.UniformInt(0, 1000000)), {});
  for (auto _ : state) {
    const Event e = q.Pop();
    q.Push(e.time + core::Duration::Micros(rng.UniformInt(0, 1000000)), e.payload);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueuePushPop)->Arg(1000)->Arg(100000)->Arg(1000000);

}  // namespace
}  // namespace vmsim::sim
