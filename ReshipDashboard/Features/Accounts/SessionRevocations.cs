namespace ReshipDashboard.Features.Accounts;

/// <summary>
/// Tells every open circuit of this instance that a person's rights changed (locked, role changed, password reset):
/// their circuits turn anonymous at once, so a dialog left open can no longer act. The next page request is
/// refused by the security-stamp check, which runs on every request.
/// </summary>
public sealed class SessionRevocations
{
    public event Action<string>? Revoked;

    public void Revoke(int userId) => Revoked?.Invoke(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
