package dev.parley.client.internal;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;

/** What applying an inbox entry means for the app, told once its transaction has committed. */
sealed interface InboxEvent {
    /** For the message listener. */
    record Received(Message message) implements InboxEvent {
    }

    /** An own message of this device came back through the inbox before its ack; the send is done. */
    record SendConfirmed(Message message) implements InboxEvent {
    }

    record Recalled(Message message) implements InboxEvent {
    }

    record ReadReceipt(ConversationType type, String targetId, long lastMessageSendTime) implements InboxEvent {
    }

    /** Another device of the user read the conversation; its unread messages were cleared here. */
    record ReadOnOtherDevice(ConversationType type, String targetId) implements InboxEvent {
    }
}
