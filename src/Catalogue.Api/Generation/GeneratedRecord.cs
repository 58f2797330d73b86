using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using FluentValidation;

namespace Catalogue.Api.Generation;

/// <summary>One command of a generated record's life, decided against the record as it then stands.</summary>
public delegate Decision GeneratedStep(CatalogueRecord record);

/// <summary>
/// What happens to a record at one time, for one reason: its accession and description, a correction, its publication,
/// its withdrawal. Each is one transaction, as an archivist's request would be; records of a batch with the same kind
/// of change and the same reason share theirs.
/// </summary>
public sealed record GeneratedChange(ChangeKind Kind, string? Reason, IReadOnlyList<GeneratedStep> Steps);

/// <summary>The changes of a record's life, in the order they happen to it.</summary>
public enum ChangeKind
{
    Description,
    TitleRevision,
    ProvenanceCorrection,
    DateRevision,
    Publication,
    Withdrawal,
    Reinstatement,
}

/// <summary>
/// One record of a generated catalogue: the accession an archivist would send, then its changes. Every step is a real
/// command, checked by its validator and decided by its slice's <c>Decide</c> as if it came over HTTP.
/// </summary>
/// <param name="Index">Its place in the catalogue: with the seed, all that decides what it says.</param>
/// <param name="Shape">The citation shape of its provenance (<see cref="Holding.Shape"/>).</param>
public sealed record GeneratedRecord(int Index, string Shape, AccessionRecord Accession, IReadOnlyList<GeneratedChange> Changes)
{
    /// <summary>The accession and the description that follows it: the events that start the record's stream.</summary>
    public (IReadOnlyList<IRecordEvent> Events, CatalogueRecord Record) Start(Guid id, string accessionNumber, DateTimeOffset accessionedAt)
    {
        Valid(Accession, ValidatorOf<AccessionRecord>.Instance);
        var accessioned = Accession.ToEvent(id, accessionNumber, accessionedAt);
        var (events, record) = Decide(Changes[0], RecordEvolution.Apply(null, accessioned, 1)!);
        return ([accessioned, .. events], record);
    }

    /// <summary>The events a change appends to the record as it stands, and the record after them.</summary>
    /// <exception cref="InvalidOperationException">A step was refused: the generator made a command the catalogue does not take.</exception>
    public static (IReadOnlyList<IRecordEvent> Events, CatalogueRecord Record) Decide(GeneratedChange change, CatalogueRecord record)
    {
        var events = new List<IRecordEvent>();
        foreach (var step in change.Steps)
        {
            var decision = step(record);
            if (decision.Refusal is { } refusal)
            {
                throw new InvalidOperationException(
                    $"Record {record.AccessionNumber}: the generated {change.Kind} was refused: {refusal.Title}: {refusal.Detail}");
            }

            record = RecordEvolution.Fold(record, decision.Events)!;
            events.AddRange(decision.Events);
        }

        return (events, record);
    }

    /// <summary>A command as the endpoint takes it: valid by its own <c>Validator</c>, then decided.</summary>
    public static GeneratedStep Checked<T>(T command, Func<T, CatalogueRecord, Decision> decide) => record =>
    {
        Valid(command, ValidatorOf<T>.Instance);
        return decide(command, record);
    };

    /// <summary>A command built from the record as it stands (a correction names the reference it corrects by its number).</summary>
    public static GeneratedStep Checked<T>(Func<CatalogueRecord, T> command, Func<T, CatalogueRecord, Decision> decide) => record =>
    {
        var made = command(record);
        Valid(made, ValidatorOf<T>.Instance);
        return decide(made, record);
    };

    /// <summary>
    /// A command's nested <c>Validator</c>, made once: FluentValidation compiles its rules when one is made, which would
    /// cost more than deciding the command, and a validator is safe to share between threads.
    /// </summary>
    private static class ValidatorOf<T>
    {
        public static readonly IValidator<T> Instance = (IValidator<T>)Activator.CreateInstance(
            typeof(T).GetNestedType("Validator") ?? throw new InvalidOperationException($"{typeof(T).Name} has no nested Validator."))!;
    }

    private static void Valid<T>(T command, IValidator<T> validator)
    {
        var result = validator.Validate(command);
        if (!result.IsValid)
        {
            throw new InvalidOperationException(
                $"The generator made a {typeof(T).Name} the API would refuse: {string.Join(" ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"))}");
        }
    }
}
