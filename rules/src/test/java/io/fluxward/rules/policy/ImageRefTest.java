package io.fluxward.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    @ParameterizedTest
    @CsvSource({
        "nginx, docker.io/library/nginx",
        "nginx:1.27, docker.io/library/nginx",
        "library/nginx, docker.io/library/nginx",
        "bitnami/redis:7.2, docker.io/bitnami/redis",
        "docker.io/nginx, docker.io/library/nginx",
        "index.docker.io/library/nginx:latest, docker.io/library/nginx",
        "registry-1.docker.io/bitnami/redis, docker.io/bitnami/redis",
        "ghcr.io/acme-corp/web:2.4.1, ghcr.io/acme-corp/web",
        "GHCR.IO/acme-corp/web, ghcr.io/acme-corp/web",
        "localhost/app, localhost/app",
        "localhost:5000/team/app:dev, localhost:5000/team/app",
        "registry.k8s.io/ingress-nginx/controller:v1.11.3@sha256:abcd, registry.k8s.io/ingress-nginx/controller",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1, 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app",
        "quay.io/prometheus/node-exporter@sha256:0123, quay.io/prometheus/node-exporter"})
    void normalisesAsTheRuntimeDoes(String image, String location) {
        assertThat(ImageRef.parse(image)).get().extracting(ImageRef::location).isEqualTo(location);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "${REGISTRY}/app:1", "{{ .Values.image }}", "/abs", "a//b", "has space:1"})
    void leavesNonLiteralReferencesAlone(String image) {
        assertThat(ImageRef.parse(image)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "ghcr.io/acme-corp, ghcr.io/acme-corp/web, true",
        "ghcr.io/acme-corp, ghcr.io/acme-corp-evil/web, false",
        "ghcr.io/acme-corp/, ghcr.io/acme-corp/team/web, true",
        "registry.k8s.io, registry.k8s.io/pause, true",
        "docker.io/library, docker.io/library/nginx, true",
        "docker.io/library, docker.io/bitnami/nginx, false",
        "index.docker.io/bitnami, docker.io/bitnami/redis, true",
        "bitnami, docker.io/bitnami/redis, true",
        "*.dkr.ecr.*.amazonaws.com, 1234.dkr.ecr.eu-west-1.amazonaws.com/app, true",
        "*.dkr.ecr.*.amazonaws.com, evil.com/1234.dkr.ecr.eu-west-1.amazonaws.com, false",
        "ghcr.io/*/charts, ghcr.io/acme/charts/web, true",
        "ghcr.io/*/charts, ghcr.io/acme/tools/web, false"})
    void matchesWholeSegmentPrefixes(String prefix, String location, boolean matches) {
        assertThat(ImageRef.prefixPattern(ImageRef.normalizePrefix(prefix)).matcher(location).matches()).isEqualTo(matches);
    }
}
