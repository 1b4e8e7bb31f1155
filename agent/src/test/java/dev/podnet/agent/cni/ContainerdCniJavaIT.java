package dev.podnet.agent.cni;

import dev.podnet.kernel.KernelTest;

/** {@link ContainerdCniIT} on the reference plugin (PluginMain in a JVM), so the C client and it stay alike. */
@KernelTest
class ContainerdCniJavaIT extends ContainerdCniIT {
  @Override
  Launcher plugin() {
    return Launcher.JAVA;
  }
}
