package dev.podnet.bench.bgp;

/** One implementation's mesh: time until every speaker holds every route, and memory. */
record MeshResult(String implementation, int speakers, int routesPerSpeaker, double convergeSeconds, double memoryMiB, String memoryKind) {

  int peers() {
    return speakers * (speakers - 1);
  }

  double kibPerPeer() {
    return memoryMiB * 1024 / peers();
  }

  double mibPerSpeaker() {
    return memoryMiB / speakers;
  }
}
