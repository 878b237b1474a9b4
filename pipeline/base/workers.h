// pipeline/base/workers.h
//
// Runs one worker function on "jobs" threads (the calling thread is one of
// them) and returns when every copy has returned. The workers share their
// work through whatever the function captures (an atomic index into a list):
// the batch jobs (ingest, reextract) pull files or documents that way.
//
// Stage: base (std only).

#pragma once

#include <algorithm>
#include <thread>
#include <vector>

namespace docpipe {

// "jobs" is clamped to 1..64.
template <typename Worker>
void RunWorkers(int jobs, Worker&& worker) {
  jobs = std::clamp(jobs, 1, 64);
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(jobs - 1));
  for (int i = 1; i < jobs; ++i) threads.emplace_back([&worker] { worker(); });
  worker();
  for (std::thread& thread : threads) thread.join();
}

}  // namespace docpipe
