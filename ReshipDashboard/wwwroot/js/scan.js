// 连续录入: select a refused entry's text so the next scan replaces it instead of being appended.
export function selectText(element) {
    if (!element) return;
    element.focus();
    element.select();
}
