package dev.parley.client;

/**
 * Object names of the message types the SDK knows. App-defined types use names that do not
 * start with {@code RC:}.
 */
public final class ObjectNames {
    private ObjectNames() {
    }

    /** Text, content {@code {"content":"..","extra":".."}}; delivered as {@link TextMessage}. */
    public static final String TEXT = "RC:TxtMsg";
    /** Command, not shown to users. */
    public static final String COMMAND = "RC:CmdMsg";
    /**
     * Recall notice: content {@code {"messageUId":..,"originalObjectName":..,"recallTime":..,"operatorId":..}}.
     * A recalled message keeps its ids and becomes this type locally.
     */
    public static final String RECALL_NOTICE = "RC:RcNtf";
    /** Private read receipt, content {@code {"lastMessageSendTime":T}}; handled by the SDK. */
    public static final String READ_RECEIPT = "RC:ReadNtf";
    /** Read state of a group or system conversation synced to one's other devices; handled by the SDK. */
    public static final String SYNC_READ_STATUS = "RC:SRSMsg";
    /** Typing status, content {@code {"typingContentType":".."}}; never stored. */
    public static final String TYPING_STATUS = "RC:TypSts";

    /** Whether apps may send this type with {@link ImEngine#sendMessage}: the SDK sends the others itself. */
    public static boolean isSendable(String objectName) {
        return !(RECALL_NOTICE.equals(objectName) || READ_RECEIPT.equals(objectName)
                || SYNC_READ_STATUS.equals(objectName) || TYPING_STATUS.equals(objectName));
    }
}
