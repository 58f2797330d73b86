using Catalogue.Api.Hosting;

namespace Catalogue.Api.Security;

/// <summary><c>keys create NAME --role ROLE</c>, <c>keys revoke NAME</c>, <c>keys list</c>.</summary>
public static class KeysCommandLine
{
    public const string Usage = "keys create NAME --role ROLE | keys revoke NAME | keys list";

    public static async Task<int> RunAsync(VerbRun run)
    {
        var keys = run.Services.GetRequiredService<ApiKeys>();
        switch (run.Arguments)
        {
            case ["create", var name, "--role", var role]:
                // The rules a key's name and role follow over HTTP, so the command line cannot make a key the API would refuse.
                var shape = new CreateApiKey.Validator().Validate(new CreateApiKey(name, role));
                if (!shape.IsValid)
                {
                    foreach (var error in shape.Errors) await run.Error.WriteLineAsync(error.ErrorMessage);
                    return CatalogueCommandLine.UsageError;
                }

                var issue = await keys.CreateAsync(name, new CreateApiKey(name, role).NamedRole, VerbRun.Actor, run.Cancellation);
                if (issue.Issued is not { } issued)
                {
                    await run.Error.WriteLineAsync(issue.Refusal);
                    return 1;
                }

                await run.Output.WriteLineAsync($"Key '{issued.Name}' ({issued.Role}); it is shown only now, keep it safe:");
                await run.Output.WriteLineAsync(issued.Key);
                return 0;
            case ["revoke", var name]:
                if (await keys.RevokeAsync(name, VerbRun.Actor, run.Cancellation) is { } revoked)
                {
                    // Not "from now on": a running service trusts a key it looked up for a while (found from outside: an operator
                    // revoking a leaked key was told it was dead while it still worked for 25 s).
                    var trusted = run.Services.GetRequiredService<KeyLookups>().TrustedFor;
                    var when = trusted > TimeSpan.Zero
                        ? $"within {trusted.TotalSeconds:0} s, once they stop trusting what they last looked up ({KeyLookups.SettingKey} as set here)"
                        : "at once";
                    await run.Output.WriteLineAsync($"Revoked the key '{revoked}': services refuse requests sending it (401) {when}. Its name stays taken.");
                    return 0;
                }

                await run.Error.WriteLineAsync($"No active key is named '{Validation.Echoed.Shortened(VerbRun.Printable(name))}' (in any letter case).");
                return 1;
            case ["list"]:
                foreach (var key in await keys.ListAsync(run.Cancellation))
                {
                    await run.Output.WriteLineAsync(
                        $"{key.Name,-24} {key.Role,-10} {key.Prefix}…  created {key.CreatedAt:u} by {key.CreatedBy}{(key.RevokedAt is { } at ? $", revoked {at:u} by {key.RevokedBy}" : "")}");
                }

                return 0;
            default:
                await run.Error.WriteLineAsync($"usage: keys create NAME --role {string.Join("|", Roles.All)} | keys revoke NAME | keys list");
                return CatalogueCommandLine.UsageError;
        }
    }
}
