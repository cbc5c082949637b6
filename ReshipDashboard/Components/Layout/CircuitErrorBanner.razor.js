// When Blazor shows the banner (the page has stopped answering), move the keyboard's focus to its reload link.
const banner = document.getElementById("blazor-error-ui");
if (banner) {
    new MutationObserver(() => {
        if (banner.style.display !== "none" && banner.style.display !== "") {
            banner.querySelector(".reload")?.focus();
        }
    }).observe(banner, { attributes: true, attributeFilter: ["style"] });
}
