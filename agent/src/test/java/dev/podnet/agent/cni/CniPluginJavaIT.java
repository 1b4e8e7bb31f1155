package dev.podnet.agent.cni;

import dev.podnet.kernel.KernelTest;

/** {@link CniPluginIT} on the reference plugin (PluginMain in a JVM), so the C client and it stay alike. */
@KernelTest
class CniPluginJavaIT extends CniPluginIT {
  @Override
  Launcher plugin() {
    return Launcher.JAVA;
  }
}
