package io.depthstream.streams.dlq;

/**
 * Why a record was refused before any work: a {@link DeadLetterReason} and a message for people.
 */
public record Refusal(String reason, String message) {}
