// Package faults holds the fault-injection tests of newsenrich: they run the
// built binary as real processes against real Apache Kafka brokers
// (NEWSENRICH_TEST_BROKERS, and extra brokers started with scripts/kafka.sh)
// and inject failures — a killed broker, killed and stopped service
// instances, a scaled consumer group, an output topic refusing writes, poison
// messages, SASL_SSL — checking after each that nothing is lost, duplicates
// stay in the at-least-once window with the same key, and the service is
// ready again on its own.
//
// The package has no code outside its tests.
package faults
