using System.ComponentModel.DataAnnotations;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// How many calls each API key may make (`Api:RateLimit`): a bucket of <see cref="Burst"/> calls, refilled by
/// <see cref="PerSecond"/> every second. Calls beyond it are answered 429 with `Retry-After`. The contract promises
/// a key at least 50 calls a second, so no setting goes below that. Like every configuration error, a bad value stops
/// the start with a message for the operator naming the setting.
/// </summary>
public sealed class ApiRateLimitOptions : IValidatableObject
{
    public const string Section = "Api:RateLimit";
    public const int ContractMinimum = 50;

    public int PerSecond { get; set; } = 100;

    public int Burst { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PerSecond < ContractMinimum)
            yield return new ValidationResult($"Api:RateLimit:PerSecond must be at least {ContractMinimum}: the API promises each key at least {ContractMinimum} calls a second", [nameof(PerSecond)]);
        if (Burst < PerSecond)
            yield return new ValidationResult("Api:RateLimit:Burst must be at least Api:RateLimit:PerSecond", [nameof(Burst)]);
    }
}
