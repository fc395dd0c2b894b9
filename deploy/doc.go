// Package deploy holds no code: it is the home of the deployment files
// (Prometheus configuration and alerting rules, Grafana provisioning and
// dashboard, Kubernetes manifests) and of the tests that check them, from
// structure up to a real Prometheus scraping a real newsenrich.
package deploy
