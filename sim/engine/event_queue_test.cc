#include "sim/engine/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include "core/rng.h"
#include "core/time.h"

namespace vmsim::sim {
namespace {

using core::Timestamp;

Timestamp At(int64_t us) { return Timestamp::FromMicros(us); }

// Pops everything, in order.
std::vector<Event> Drain(EventQueue& q) {
  std::vector<Event> out;
  while (!q.Empty()) out.push_back(q.Pop());
  return out;
}

bool PopOrder(const Event& x, const Event& y) {
  return std::tie(x.time, x.seq) < std::tie(y.time, y.seq);
}

TEST(EventQueueTest, StartsEmpty) {
  EventQueue q;
  EXPECT_TRUE(q.Empty());
  EXPECT_EQ(q.Size(), 0u);
}

TEST(EventQueueTest, PushReturnsSequenceNumbersFromZeroUpwards) {
  EventQueue q;
  EXPECT_EQ(q.Push(At(50), {}), 0u);
  EXPECT_EQ(q.Push(At(10), {}), 1u);
  EXPECT_EQ(q.Push(At(10), {}), 2u);
  EXPECT_EQ(q.Size(), 3u);
  EXPECT_FALSE(q.Empty());
}

TEST(EventQueueTest, EventsAtTheSameTimePopInPushOrder) {
  EventQueue q;
  for (uint64_t i = 0; i < 100; ++i) q.Push(At(7), EventPayload{1, i, 0});
  const std::vector<Event> popped = Drain(q);
  ASSERT_EQ(popped.size(), 100u);
  for (uint64_t i = 0; i < 100; ++i) {
    EXPECT_EQ(popped[i].payload.a, i);
    EXPECT_EQ(popped[i].seq, i);
  }
}

TEST(EventQueueTest, PopsInTimeOrderWhateverThePushOrder) {
  EventQueue q;
  for (int64_t t : {30, 10, 50, 20, 40, 0}) {
    q.Push(At(t), EventPayload{0, static_cast<uint64_t>(t), 0});
  }
  std::vector<int64_t> times;
  for (const Event& e : Drain(q)) times.push_back(e.time.micros());
  EXPECT_EQ(times, (std::vector<int64_t>{0, 10, 20, 30, 40, 50}));
}

TEST(EventQueueTest, PopReturnsThePayloadPushedWithIt) {
  EventQueue q;
  const uint64_t seq = q.Push(At(5), EventPayload{3, 17, UINT64_MAX});
  const Event e = q.Pop();
  EXPECT_EQ(e, (Event{At(5), seq, EventPayload{3, 17, UINT64_MAX}}));
}

TEST(EventQueueTest, TopIsWhatPopReturnsNext) {
  EventQueue q;
  q.Push(At(20), EventPayload{1, 0, 0});
  q.Push(At(10), EventPayload{2, 0, 0});
  q.Push(At(10), EventPayload{3, 0, 0});
  while (!q.Empty()) {
    const Event top = q.Top();
    const size_t size = q.Size();
    EXPECT_EQ(q.Pop(), top);
    EXPECT_EQ(q.Size(), size - 1);
  }
}

TEST(EventQueueTest, InterleavedPushAndPopKeepTimeThenFifoOrder) {
  EventQueue q;
  q.Push(At(10), EventPayload{0, 1, 0});
  q.Push(At(30), EventPayload{0, 2, 0});
  EXPECT_EQ(q.Pop().payload.a, 1u);       // now = 10
  q.Push(At(10), EventPayload{0, 3, 0});  // at the current time: allowed, runs next
  q.Push(At(30), EventPayload{0, 4, 0});  // ties with 2, pushed later
  q.Push(At(20), EventPayload{0, 5, 0});
  std::vector<uint64_t> order;
  for (const Event& e : Drain(q)) order.push_back(e.payload.a);
  EXPECT_EQ(order, (std::vector<uint64_t>{3, 5, 2, 4}));
}

// A simulation-like workload: each pop schedules 0-2 events at or after the popped time,
// with many ties. The pop order must equal a sort of everything pushed by (time, seq).
TEST(EventQueueTest, RandomisedPushPopMatchesSortedReference) {
  core::Rng rng = core::Rng(7).Fork("event_queue_test");
  for (int round = 0; round < 20; ++round) {
    EventQueue q;
    std::vector<Event> pushed;
    std::vector<Event> popped;
    auto push = [&](int64_t t) {
      const EventPayload payload{static_cast<uint32_t>(rng.UniformInt(0, 5)), pushed.size(), 0};
      const uint64_t seq = q.Push(At(t), payload);
      pushed.push_back(Event{At(t), seq, payload});
    };
    for (int i = 0; i < 50; ++i) push(rng.UniformInt(0, 20));
    while (!q.Empty()) {
      const Event e = q.Pop();
      popped.push_back(e);
      if (pushed.size() < 2000) {
        const int64_t children = rng.UniformInt(0, 2);
        for (int64_t c = 0; c < children; ++c) push(e.time.micros() + rng.UniformInt(0, 10));
      }
    }
    std::vector<Event> expected = pushed;
    std::sort(expected.begin(), expected.end(), PopOrder);
    ASSERT_EQ(popped, expected) << "round " << round;
  }
}

TEST(EventQueueTest, LargeQueuePopsAllEventsInOrder) {
  constexpr uint64_t kN = 200000;
  core::Rng rng(7);
  EventQueue q;
  q.Reserve(kN);
  for (uint64_t i = 0; i < kN; ++i) q.Push(At(rng.UniformInt(0, 1000)), EventPayload{0, i, 0});
  ASSERT_EQ(q.Size(), kN);
  Event previous = q.Pop();
  for (uint64_t i = 1; i < kN; ++i) {
    const Event e = q.Pop();
    ASSERT_TRUE(PopOrder(previous, e)) << "at pop " << i;
    previous = e;
  }
  EXPECT_TRUE(q.Empty());
}

#ifndef NDEBUG
TEST(EventQueueDeathTest, PushBeforeTheLastPoppedTimeAsserts) {
  EventQueue q;
  q.Push(At(100), {});
  q.Pop();
  EXPECT_DEATH(q.Push(At(99), {}), "before the current time");
}
#endif

}  // namespace
}  // namespace vmsim::sim
