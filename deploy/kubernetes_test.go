package deploy

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/newsenrich/newsenrich/config"
)

// scaledObject is the part of KEDA's ScaledObject (keda.sh/v1alpha1) the
// manifests use; decoding is strict, so an unknown or misspelt field fails.
type scaledObject struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Metadata   metav1.ObjectMeta `json:"metadata"`
	Spec       struct {
		ScaleTargetRef struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Name       string `json:"name"`
		} `json:"scaleTargetRef"`
		MinReplicaCount *int32 `json:"minReplicaCount"`
		MaxReplicaCount *int32 `json:"maxReplicaCount"`
		PollingInterval int32  `json:"pollingInterval"`
		CooldownPeriod  int32  `json:"cooldownPeriod"`
		Advanced        struct {
			HorizontalPodAutoscalerConfig struct {
				Behavior struct {
					ScaleDown struct {
						StabilizationWindowSeconds int32 `json:"stabilizationWindowSeconds"`
						Policies                   []struct {
							Type          string `json:"type"`
							Value         int32  `json:"value"`
							PeriodSeconds int32  `json:"periodSeconds"`
						} `json:"policies"`
					} `json:"scaleDown"`
				} `json:"behavior"`
			} `json:"horizontalPodAutoscalerConfig"`
		} `json:"advanced"`
		Triggers []struct {
			Type     string            `json:"type"`
			Metadata map[string]string `json:"metadata"`
		} `json:"triggers"`
	} `json:"spec"`
}

// kustomization is the part of a kustomize Kustomization the manifests use.
type kustomization struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Labels     []struct {
		Pairs map[string]string `json:"pairs"`
	} `json:"labels"`
	Resources []string `json:"resources"`
}

// manifests are the decoded documents of deploy/kubernetes.
type manifests struct {
	configMap     *corev1.ConfigMap
	deployment    *appsv1.Deployment
	service       *corev1.Service
	pdb           *policyv1.PodDisruptionBudget
	scaledObject  *scaledObject
	kustomization *kustomization
	files         []string
}

// splitDocuments splits a YAML stream on its "---" separator lines.
func splitDocuments(data []byte) [][]byte {
	var docs [][]byte
	for _, d := range bytes.Split(data, []byte("\n---")) {
		if len(bytes.TrimSpace(stripComments(d))) > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

func stripComments(d []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(d, []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}

// loadManifests parses every document of every file strictly into its
// Kubernetes API type, failing on unknown kinds, unknown fields and
// duplicates.
func loadManifests(t *testing.T) *manifests {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("kubernetes", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	m := &manifests{}
	for _, f := range files {
		m.files = append(m.files, filepath.Base(f))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range splitDocuments(data) {
			var tm metav1.TypeMeta
			if err := yaml.Unmarshal(doc, &tm); err != nil {
				t.Fatalf("%s document %d: %v", f, i, err)
			}
			where := fmt.Sprintf("%s document %d (%s %s)", f, i, tm.APIVersion, tm.Kind)
			strict := func(into any) {
				t.Helper()
				if err := yaml.UnmarshalStrict(doc, into); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
			}
			once := func(set bool) {
				t.Helper()
				if set {
					t.Fatalf("%s: a second %s", where, tm.Kind)
				}
			}
			switch tm.APIVersion + " " + tm.Kind {
			case "v1 ConfigMap":
				once(m.configMap != nil)
				m.configMap = new(corev1.ConfigMap)
				strict(m.configMap)
			case "apps/v1 Deployment":
				once(m.deployment != nil)
				m.deployment = new(appsv1.Deployment)
				strict(m.deployment)
			case "v1 Service":
				once(m.service != nil)
				m.service = new(corev1.Service)
				strict(m.service)
			case "policy/v1 PodDisruptionBudget":
				once(m.pdb != nil)
				m.pdb = new(policyv1.PodDisruptionBudget)
				strict(m.pdb)
			case "keda.sh/v1alpha1 ScaledObject":
				once(m.scaledObject != nil)
				m.scaledObject = new(scaledObject)
				strict(m.scaledObject)
			case "kustomize.config.k8s.io/v1beta1 Kustomization":
				once(m.kustomization != nil)
				m.kustomization = new(kustomization)
				strict(m.kustomization)
			default:
				t.Fatalf("%s: unexpected kind", where)
			}
		}
	}
	for name, missing := range map[string]bool{
		"ConfigMap": m.configMap == nil, "Deployment": m.deployment == nil, "Service": m.service == nil,
		"PodDisruptionBudget": m.pdb == nil, "ScaledObject": m.scaledObject == nil, "Kustomization": m.kustomization == nil,
	} {
		if missing {
			t.Fatalf("no %s in deploy/kubernetes", name)
		}
	}
	return m
}

// serviceFlags returns the flags of `newsenrich run` by environment
// variable name.
func serviceFlags() (*config.Config, *flag.FlagSet, map[string]*flag.Flag) {
	c := config.Default()
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	c.ServiceFlags(fs)
	byEnv := map[string]*flag.Flag{}
	fs.VisitAll(func(f *flag.Flag) { byEnv[config.EnvName(f.Name)] = f })
	return &c, fs, byEnv
}

func TestKubernetesConfigMapIsValidServiceConfig(t *testing.T) {
	m := loadManifests(t)
	c, fs, byEnv := serviceFlags()
	for k := range m.configMap.Data {
		if byEnv[k] == nil {
			t.Errorf("ConfigMap key %s is not the environment variable of any flag of `newsenrich run`", k)
		}
	}
	fs.SetOutput(new(bytes.Buffer))
	if err := c.Parse(fs, nil, func(k string) string { return m.configMap.Data[k] }); err != nil {
		t.Fatalf("the ConfigMap's settings are rejected by newsenrich: %v", err)
	}
}

func TestKubernetesDeployment(t *testing.T) {
	m := loadManifests(t)
	c, fs, byEnv := serviceFlags()
	fs.SetOutput(new(bytes.Buffer))
	if err := c.Parse(fs, nil, func(k string) string { return m.configMap.Data[k] }); err != nil {
		t.Fatal(err)
	}
	d := m.deployment
	pod := d.Spec.Template

	// Labels and selectors.
	sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
	if err != nil || sel.Empty() {
		t.Fatalf("Deployment selector: %v (empty %v)", err, sel.Empty())
	}
	if !sel.Matches(labels.Set(pod.Labels)) {
		t.Errorf("Deployment selector %v does not match its pod template labels %v", sel, pod.Labels)
	}

	if len(pod.Spec.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Spec.Containers))
	}
	ctr := pod.Spec.Containers[0]
	if len(ctr.Args) == 0 || ctr.Args[0] != "run" {
		t.Errorf("container args %v, want the run command", ctr.Args)
	}

	// Configuration comes from the ConfigMap; inline NEWSENRICH_* variables
	// must be flags too.
	fromCM := false
	for _, e := range ctr.EnvFrom {
		if e.ConfigMapRef != nil && e.ConfigMapRef.Name == m.configMap.Name {
			fromCM = true
		}
	}
	if !fromCM {
		t.Errorf("container does not take its environment from ConfigMap %s", m.configMap.Name)
	}
	for _, e := range ctr.Env {
		if strings.HasPrefix(e.Name, config.EnvPrefix) && byEnv[e.Name] == nil {
			t.Errorf("env %s is not the variable of any flag", e.Name)
		}
	}

	// The HTTP port: config, container port, probes, scrape annotation.
	_, portStr, err := net.SplitHostPort(c.HTTPAddr)
	if err != nil {
		t.Fatalf("NEWSENRICH_HTTP_ADDR %q: %v", c.HTTPAddr, err)
	}
	port, _ := strconv.Atoi(portStr)
	named := map[string]int32{}
	for _, p := range ctr.Ports {
		named[p.Name] = p.ContainerPort
	}
	if named["http"] != int32(port) {
		t.Errorf("container port http = %d, want %d (NEWSENRICH_HTTP_ADDR)", named["http"], port)
	}
	resolve := func(p intstr.IntOrString) int32 {
		if p.Type == intstr.String {
			return named[p.StrVal]
		}
		return p.IntVal
	}
	if got := pod.Annotations["prometheus.io/port"]; got != portStr {
		t.Errorf("prometheus.io/port annotation %q, want %q", got, portStr)
	}
	probes := []struct {
		name  string
		probe *corev1.Probe
		path  string
	}{
		{"startupProbe", ctr.StartupProbe, "/healthz"},
		{"livenessProbe", ctr.LivenessProbe, "/healthz"},
		{"readinessProbe", ctr.ReadinessProbe, "/readyz"},
	}
	for _, p := range probes {
		if p.probe == nil || p.probe.HTTPGet == nil {
			t.Errorf("%s: missing or not an HTTP GET", p.name)
			continue
		}
		if p.probe.HTTPGet.Path != p.path || resolve(p.probe.HTTPGet.Port) != int32(port) {
			t.Errorf("%s: GET %s on port %d, want %s on %d", p.name, p.probe.HTTPGet.Path, resolve(p.probe.HTTPGet.Port), p.path, port)
		}
	}

	// Graceful termination outlasts the shutdown deadline.
	grace := pod.Spec.TerminationGracePeriodSeconds
	if grace == nil {
		t.Error("terminationGracePeriodSeconds not set")
	} else if time.Duration(*grace)*time.Second <= c.ShutdownTimeout+5*time.Second {
		t.Errorf("terminationGracePeriodSeconds %d must exceed the shutdown timeout %v by more than 5s", *grace, c.ShutdownTimeout)
	}

	// Resources: requests and limits for CPU and memory, requests <= limits.
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, okReq := ctr.Resources.Requests[r]
		lim, okLim := ctr.Resources.Limits[r]
		if !okReq || !okLim {
			t.Errorf("resources.%s: request set %v, limit set %v; want both", r, okReq, okLim)
			continue
		}
		if req.Cmp(lim) > 0 {
			t.Errorf("resources.%s: request %s above limit %s", r, req.String(), lim.String())
		}
	}
	for _, e := range ctr.Env {
		if e.Name == "GOMEMLIMIT" {
			q, err := resource.ParseQuantity(strings.TrimSuffix(e.Value, "B"))
			lim := ctr.Resources.Limits[corev1.ResourceMemory]
			if err != nil || q.Cmp(lim) >= 0 {
				t.Errorf("GOMEMLIMIT %q must be a size below the memory limit %s (%v)", e.Value, lim.String(), err)
			}
		}
	}
	if sc := ctr.SecurityContext; sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Error("container must set allowPrivilegeEscalation: false")
	}
	if psc := pod.Spec.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		t.Error("pod must run as non-root")
	}
}

func TestKubernetesServiceAndPDBSelectThePods(t *testing.T) {
	m := loadManifests(t)
	podLabels := labels.Set(m.deployment.Spec.Template.Labels)
	svc := m.service
	if len(svc.Spec.Selector) == 0 {
		t.Fatal("Service has no selector")
	}
	for k, v := range svc.Spec.Selector {
		if podLabels[k] != v {
			t.Errorf("Service selects %s=%s, pod template has %q", k, v, podLabels[k])
		}
	}
	ctr := m.deployment.Spec.Template.Spec.Containers[0]
	for _, p := range svc.Spec.Ports {
		found := false
		for _, cp := range ctr.Ports {
			found = found || (p.TargetPort.Type == intstr.String && p.TargetPort.StrVal == cp.Name) ||
				(p.TargetPort.Type == intstr.Int && p.TargetPort.IntVal == cp.ContainerPort)
		}
		if !found {
			t.Errorf("Service port %s targets %s, which the container does not expose", p.Name, p.TargetPort.String())
		}
	}
	sel, err := metav1.LabelSelectorAsSelector(m.pdb.Spec.Selector)
	if err != nil || sel.Empty() || !sel.Matches(podLabels) {
		t.Errorf("PodDisruptionBudget selector %v (%v) does not select the pods %v", sel, err, podLabels)
	}
	if m.pdb.Spec.MaxUnavailable == nil && m.pdb.Spec.MinAvailable == nil {
		t.Error("PodDisruptionBudget sets neither maxUnavailable nor minAvailable")
	}
}

func TestKubernetesAutoscalingCappedByPartitions(t *testing.T) {
	m := loadManifests(t)
	c, fs, _ := serviceFlags()
	fs.SetOutput(new(bytes.Buffer))
	if err := c.Parse(fs, nil, func(k string) string { return m.configMap.Data[k] }); err != nil {
		t.Fatal(err)
	}
	so := m.scaledObject.Spec
	if so.ScaleTargetRef.Name != m.deployment.Name || so.ScaleTargetRef.Kind != "Deployment" {
		t.Errorf("ScaledObject targets %s %s, want Deployment %s", so.ScaleTargetRef.Kind, so.ScaleTargetRef.Name, m.deployment.Name)
	}
	if so.MinReplicaCount == nil || so.MaxReplicaCount == nil || *so.MinReplicaCount < 1 || *so.MaxReplicaCount < *so.MinReplicaCount {
		t.Fatalf("replica bounds min %v max %v", so.MinReplicaCount, so.MaxReplicaCount)
	}
	if int(*so.MaxReplicaCount) > c.Partitions {
		t.Errorf("maxReplicaCount %d exceeds the input topic's %d partitions (NEWSENRICH_PARTITIONS)", *so.MaxReplicaCount, c.Partitions)
	}
	if len(so.Triggers) != 1 || so.Triggers[0].Type != "kafka" {
		t.Fatalf("want one kafka trigger, got %+v", so.Triggers)
	}
	md := so.Triggers[0].Metadata
	want := map[string]string{
		"bootstrapServers":   strings.Join(c.Brokers, ","),
		"consumerGroup":      c.Group,
		"topic":              c.InputTopic,
		"allowIdleConsumers": "false",
		"offsetResetPolicy":  c.StartOffset,
	}
	for k, v := range want {
		if md[k] != v {
			t.Errorf("kafka trigger %s = %q, want %q (from the ConfigMap)", k, md[k], v)
		}
	}
	if n, err := strconv.Atoi(md["lagThreshold"]); err != nil || n < 1 {
		t.Errorf("kafka trigger lagThreshold %q is not a positive number", md["lagThreshold"])
	}
}

func TestKustomizationListsEveryManifest(t *testing.T) {
	m := loadManifests(t)
	var want []string
	for _, f := range m.files {
		if f != "kustomization.yaml" {
			want = append(want, f)
		}
	}
	got := slices.Clone(m.kustomization.Resources)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("kustomization resources %v, want %v", got, want)
	}
}
