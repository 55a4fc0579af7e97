// The prediction panel: the top class, and a bar per class with its probability.
export function showPrediction(element, classNames, probabilities, predicted, sample) {
  const percent = (p) => `${(100 * p).toFixed(1)} %`;
  const headline = element.querySelector(".headline");
  headline.textContent = `${classNames[predicted]} — ${percent(probabilities[predicted])}`;
  headline.dataset.classIndex = String(predicted);
  element.querySelector(".truth").textContent = sample ? `true label: ${sample.className}` : "";
  const list = element.querySelector("ol");
  list.replaceChildren(...classNames.map((name, k) => {
    const item = document.createElement("li");
    item.classList.toggle("top", k === predicted);
    item.dataset.probability = String(probabilities[k]);
    const label = Object.assign(document.createElement("span"), { textContent: name });
    const bar = Object.assign(document.createElement("meter"), { min: 0, max: 1, value: probabilities[k] });
    const value = Object.assign(document.createElement("span"), { textContent: percent(probabilities[k]) });
    item.append(label, bar, value);
    return item;
  }));
}
