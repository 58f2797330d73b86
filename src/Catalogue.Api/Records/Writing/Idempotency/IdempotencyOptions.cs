namespace Catalogue.Api.Records.Writing.Idempotency;

/// <summary>Settings under <c>Catalogue:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Catalogue:Idempotency";

    /// <summary>How long a key answers with its stored response; after that it behaves as new.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired keys are deleted.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
