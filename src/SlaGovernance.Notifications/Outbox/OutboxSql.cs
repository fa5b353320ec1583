using SlaGovernance.Data;

namespace SlaGovernance.Notifications.Outbox;

[SqlCatalogue]
internal static class OutboxSql
{
    /// <summary>Adds the row unless one with its key exists, in one statement; 0 rows affected means it existed.</summary>
    public const string InsertUnlessKeyExists = """
        INSERT INTO email_outbox (id, idempotency_key, message_id, recipients, subject, text_body, status, attempts,
                                  next_attempt_at, created_at, attachments)
        SELECT @Id, @IdempotencyKey, @MessageId, @Recipients, @Subject, @TextBody, 'Pending', 0, @Now, @Now, @Attachments
        WHERE NOT EXISTS (SELECT 1 FROM email_outbox WHERE idempotency_key = @IdempotencyKey)
        """;

    public const string IdByKey = "SELECT id FROM email_outbox WHERE idempotency_key = @IdempotencyKey";

    public const string Columns = """
        SELECT id, idempotency_key, message_id, recipients, subject, text_body, status, attempts, next_attempt_at,
               last_error, created_at, sent_at, attachments
        FROM email_outbox
        """;

    public const string Due = Columns + """

        WHERE status = 'Pending' AND next_attempt_at <= @Now AND (claimed_until IS NULL OR claimed_until < @Now)
        ORDER BY next_attempt_at, id {{page}}
        """;

    public const string ById = Columns + "\nWHERE id = @Id";

    public const string ByStatus = Columns + "\nWHERE status = @Status ORDER BY created_at DESC, id {{page}}";

    public const string CountByStatus = "SELECT COUNT(*) FROM email_outbox WHERE status = @Status";

    public const string CountWaiting = """
        SELECT status, COUNT(*) AS emails FROM email_outbox WHERE status IN ('Pending', 'Dead') GROUP BY status
        """;

    public const string Claim = """
        UPDATE email_outbox SET claimed_until = @Until
        WHERE id = @Id AND status = 'Pending' AND (claimed_until IS NULL OR claimed_until < @Now)
        """;

    public const string MarkSent = """
        UPDATE email_outbox SET status = 'Sent', sent_at = @Now, attempts = attempts + 1, claimed_until = NULL, last_error = NULL
        WHERE id = @Id
        """;

    public const string MarkFailed = """
        UPDATE email_outbox SET status = @Status, attempts = @Attempts, next_attempt_at = @NextAttemptAt, claimed_until = NULL, last_error = @Error
        WHERE id = @Id
        """;

    public const string Resend = """
        UPDATE email_outbox SET status = 'Pending', attempts = 0, next_attempt_at = @Now, claimed_until = NULL
        WHERE id = @Id AND status = 'Dead'
        """;
}
