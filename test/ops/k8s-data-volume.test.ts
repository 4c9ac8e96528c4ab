import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

/**
 * The pods run on a read-only root filesystem; what Kheti writes at run time (the offline imagery
 * twin's scenes, under DATA_DIR) goes to a named writable volume mounted at the image's DATA_DIR,
 * bounded by its sizeLimit, with the twin's own cap below it.
 */

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const dockerDataDir = /DATA_DIR=(\S+)/.exec(read('Dockerfile'))?.[1];
const configMap = read('deploy/k8s/base/configmap.yaml');
const setting = (name: string) => new RegExp(`^\\s+${name}: "?([^"\\n]+)"?$`, 'm').exec(configMap)?.[1];

describe('Kubernetes manifests give DATA_DIR a writable volume on a read-only root filesystem', () => {
  for (const file of ['deploy/k8s/base/api-deployment.yaml', 'deploy/k8s/base/worker-deployment.yaml']) {
    it(file, () => {
      const manifest = read(file);
      const containers = manifest.slice(manifest.indexOf('\n      containers:'));
      assert.match(containers, /readOnlyRootFilesystem: true/);
      assert.ok(dockerDataDir, 'the Dockerfile sets DATA_DIR');
      assert.equal(setting('DATA_DIR'), dockerDataDir, 'the ConfigMap names the same DATA_DIR');
      assert.match(containers, new RegExp(`- name: data\\n\\s+mountPath: ${dockerDataDir}\\n`), 'the volume "data" is mounted at DATA_DIR');
      const size = /- name: data\n\s+emptyDir:\n\s+sizeLimit: (\d+)Gi/.exec(containers)?.[1];
      assert.ok(size, 'the volume "data" is an emptyDir with a sizeLimit');
      const capMb = Number(setting('IMAGERY_TWIN_MAX_MB'));
      assert.ok(capMb > 0 && capMb < Number(size) * 1024, `IMAGERY_TWIN_MAX_MB ${capMb} is below the ${size}Gi sizeLimit`);
    });
  }
});
