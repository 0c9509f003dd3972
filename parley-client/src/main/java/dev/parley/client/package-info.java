/**
 * The Parley client SDK.
 *
 * <p>Start with {@link dev.parley.client.ImEngine#create(EngineOptions)}, then
 * {@link dev.parley.client.ImEngine#connect(String, int, ConnectCallback)}. Everything the SDK
 * tells the app (callbacks, status changes) arrives on the SDK's own callback executor: one
 * at a time per engine, in order, never inside the caller's stack.
 *
 * <p>Messaging: {@link dev.parley.client.ImEngine#sendMessage}, the listeners it documents,
 * {@link dev.parley.client.Message} snapshots and the per-user local database behind the
 * conversation list and history.
 *
 * <p>The implementation lives in {@code dev.parley.client.internal}; the connect path is
 * {@code internal.ConnectionMachine}, messaging hangs off it in {@code internal.Messaging}.
 */
package dev.parley.client;
