//! Fixed interface words per language (labels, the DRAFT mark), so every
//! channel of a locale speaks the same language as its content.

use serde::Serialize;

/// Labels a template needs, in one language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Strings {
    pub key_messages: &'static str,
    pub key_message: &'static str,
    pub hook: &'static str,
    pub summary: &'static str,
    pub call_to_action: &'static str,
    pub references: &'static str,
    pub isi: &'static str,
    pub prescribing_information: &'static str,
    pub adverse_events: &'static str,
    pub job_code: &'static str,
    pub date_of_preparation: &'static str,
    pub unsubscribe: &'static str,
    /// The short badge on a draft's slide thumbnails.
    pub draft: &'static str,
    pub draft_mark: &'static str,
    pub draft_subject: &'static str,
    pub greeting: &'static str,
    /// The Veeva Approved Email salutation, with Veeva's account tokens.
    pub veeva_salutation: &'static str,
    pub scene: &'static str,
    pub on_screen: &'static str,
    pub voice_over: &'static str,
    pub claims: &'static str,
    pub duration: &'static str,
    pub safety: &'static str,
    pub end_card: &'static str,
    /// Video script column: what the picture shows in a scene.
    pub visual: &'static str,
    /// Visual directions of the video script, by scene.
    pub visual_title_card: &'static str,
    pub visual_summary: &'static str,
    pub visual_key_message: &'static str,
    pub visual_claim: &'static str,
    pub visual_chart: &'static str,
    pub visual_cta: &'static str,
    pub visual_safety: &'static str,
    pub visual_end_card: &'static str,
    pub main_content: &'static str,
    pub for_hcps: &'static str,
}

const EN: Strings = Strings {
    key_messages: "Key messages",
    key_message: "Key message",
    hook: "Hook",
    summary: "Summary",
    call_to_action: "Call to action",
    references: "References",
    isi: "Important safety information",
    prescribing_information: "Prescribing information",
    adverse_events: "Adverse event reporting",
    job_code: "Job code",
    date_of_preparation: "Date of preparation",
    unsubscribe: "Unsubscribe",
    draft: "DRAFT",
    draft_mark: "DRAFT — not approved for use",
    draft_subject: "[DRAFT]",
    greeting: "Dear Healthcare Professional,",
    veeva_salutation: "Dear {{accTitle}} {{accLname}},",
    scene: "Scene",
    on_screen: "On screen",
    voice_over: "Voice-over",
    claims: "Claims",
    duration: "Duration",
    safety: "Safety information",
    end_card: "End card",
    visual: "Visual direction",
    visual_title_card: "Title card",
    visual_summary: "Summary text on screen",
    visual_key_message: "Key message on screen",
    visual_claim: "Claim on screen with reference mark",
    visual_chart: "Chart",
    visual_cta: "Call to action and link on screen",
    visual_safety: "Safety information on screen",
    visual_end_card: "End card: AE reporting, references, PI link",
    main_content: "Skip to main content",
    for_hcps: "For healthcare professionals only",
};

const ES: Strings = Strings {
    key_messages: "Mensajes clave",
    key_message: "Mensaje clave",
    hook: "Gancho",
    summary: "Resumen",
    call_to_action: "Llamada a la acción",
    references: "Referencias",
    isi: "Información importante de seguridad",
    prescribing_information: "Ficha técnica",
    adverse_events: "Notificación de reacciones adversas",
    job_code: "Código",
    date_of_preparation: "Fecha de elaboración",
    unsubscribe: "Darse de baja",
    draft: "BORRADOR",
    draft_mark: "BORRADOR — no aprobado para su uso",
    draft_subject: "[BORRADOR]",
    greeting: "Estimado/a profesional sanitario/a:",
    veeva_salutation: "Estimado/a {{accTitle}} {{accLname}}:",
    scene: "Escena",
    on_screen: "En pantalla",
    voice_over: "Locución",
    claims: "Afirmaciones",
    duration: "Duración",
    safety: "Información de seguridad",
    end_card: "Cierre",
    visual: "Indicaciones de imagen",
    visual_title_card: "Cartela de título",
    visual_summary: "Texto del resumen en pantalla",
    visual_key_message: "Mensaje clave en pantalla",
    visual_claim: "Afirmación en pantalla con su llamada de referencia",
    visual_chart: "Gráfico",
    visual_cta: "Llamada a la acción y enlace en pantalla",
    visual_safety: "Información de seguridad en pantalla",
    visual_end_card: "Cierre: notificación de reacciones adversas, referencias, enlace a la ficha técnica",
    main_content: "Ir al contenido principal",
    for_hcps: "Exclusivo para profesionales sanitarios",
};

const DE: Strings = Strings {
    key_messages: "Kernbotschaften",
    key_message: "Kernbotschaft",
    hook: "Einstieg",
    summary: "Zusammenfassung",
    call_to_action: "Handlungsaufforderung",
    references: "Literatur",
    isi: "Wichtige Sicherheitsinformationen",
    prescribing_information: "Fachinformation",
    adverse_events: "Meldung von Nebenwirkungen",
    job_code: "Code",
    date_of_preparation: "Stand",
    unsubscribe: "Abmelden",
    draft: "ENTWURF",
    draft_mark: "ENTWURF — nicht zur Verwendung freigegeben",
    draft_subject: "[ENTWURF]",
    greeting: "Sehr geehrte Damen und Herren,",
    veeva_salutation: "Guten Tag {{accTitle}} {{accLname}},",
    scene: "Szene",
    on_screen: "Bildschirm",
    voice_over: "Sprecher",
    claims: "Aussagen",
    duration: "Dauer",
    safety: "Sicherheitsinformationen",
    end_card: "Abspann",
    visual: "Bildregie",
    visual_title_card: "Titeltafel",
    visual_summary: "Zusammenfassung im Bild",
    visual_key_message: "Kernbotschaft im Bild",
    visual_claim: "Aussage im Bild mit Referenzhinweis",
    visual_chart: "Grafik",
    visual_cta: "Handlungsaufforderung und Link im Bild",
    visual_safety: "Sicherheitsinformationen im Bild",
    visual_end_card: "Abspann: Meldung von Nebenwirkungen, Literatur, Link zur Fachinformation",
    main_content: "Zum Hauptinhalt springen",
    for_hcps: "Nur für Fachkreise",
};

const RU: Strings = Strings {
    key_messages: "Ключевые сообщения",
    key_message: "Ключевое сообщение",
    hook: "Вступление",
    summary: "Резюме",
    call_to_action: "Призыв к действию",
    references: "Литература",
    isi: "Важная информация по безопасности",
    prescribing_information: "Инструкция по медицинскому применению",
    adverse_events: "Сообщение о нежелательных явлениях",
    job_code: "Код",
    date_of_preparation: "Дата подготовки",
    unsubscribe: "Отписаться",
    draft: "ЧЕРНОВИК",
    draft_mark: "ЧЕРНОВИК — не утверждено к использованию",
    draft_subject: "[ЧЕРНОВИК]",
    greeting: "Уважаемый специалист здравоохранения!",
    veeva_salutation: "Уважаемый(-ая) {{accTitle}} {{accLname}}!",
    scene: "Сцена",
    on_screen: "На экране",
    voice_over: "Закадровый текст",
    claims: "Утверждения",
    duration: "Длительность",
    safety: "Информация по безопасности",
    end_card: "Финальная заставка",
    visual: "Видеоряд",
    visual_title_card: "Титульный кадр",
    visual_summary: "Текст резюме на экране",
    visual_key_message: "Ключевое сообщение на экране",
    visual_claim: "Утверждение на экране со ссылкой на источник",
    visual_chart: "График",
    visual_cta: "Призыв к действию и ссылка на экране",
    visual_safety: "Информация по безопасности на экране",
    visual_end_card: "Финальная заставка: сообщение о нежелательных явлениях, литература, ссылка на инструкцию",
    main_content: "Перейти к основному содержанию",
    for_hcps: "Только для специалистов здравоохранения",
};

/// The labels for `locale` (by its language subtag; English otherwise).
pub fn for_locale(locale: &str) -> &'static Strings {
    match language(locale) {
        "es" => &ES,
        "de" => &DE,
        "ru" => &RU,
        _ => &EN,
    }
}

/// The language subtag of a BCP 47 tag (`es-ES` → `es`).
pub fn language(locale: &str) -> &str {
    locale.split('-').next().unwrap_or(locale)
}

/// Month names as a locale writes them in "month year" (standalone form).
fn month_names(language: &str) -> Option<[&'static str; 12]> {
    Some(match language {
        "en" => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "de" => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        "es" => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "ru" => [
            "январь",
            "февраль",
            "март",
            "апрель",
            "май",
            "июнь",
            "июль",
            "август",
            "сентябрь",
            "октябрь",
            "ноябрь",
            "декабрь",
        ],
        _ => return None,
    })
}

/// A date of preparation (`YYYY-MM-DD` or `YYYY-MM`) as the locale's market
/// prints it on promotional material: month and year ("November 2026",
/// "noviembre de 2026", "ноябрь 2026 г."). Unknown languages and dates that
/// do not parse keep the ISO form, so nothing is ever lost.
pub fn month_year(locale: &str, date: &str) -> String {
    let lang = language(locale);
    let parsed = match date.len() {
        10 => crate::date::parse_ymd(date).map(|(y, m, _)| (y, m)),
        7 => crate::date::parse_ymd(&format!("{date}-01")).map(|(y, m, _)| (y, m)),
        _ => None,
    };
    let (Some((year, month)), Some(names)) = (parsed, month_names(lang)) else {
        return date.to_string();
    };
    let name = names[(month - 1) as usize];
    match lang {
        "es" => format!("{name} de {year}"),
        "ru" => format!("{name} {year}\u{a0}г."),
        _ => format!("{name} {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_preparation_in_each_market_form() {
        assert_eq!(month_year("en-GB", "2026-11-03"), "November 2026");
        assert_eq!(month_year("de-DE", "2026-11-03"), "November 2026");
        assert_eq!(month_year("de-AT", "2026-03-31"), "März 2026");
        assert_eq!(month_year("es-ES", "2026-11-03"), "noviembre de 2026");
        assert_eq!(month_year("ru-RU", "2026-11-03"), "ноябрь 2026\u{a0}г.");
        assert_eq!(month_year("ru-RU", "2027-01"), "январь 2027\u{a0}г.");
        assert_eq!(month_year("en-US", "2026-05"), "May 2026");
    }

    #[test]
    fn veeva_salutations_address_the_account_in_each_language() {
        assert_eq!(for_locale("en-GB").veeva_salutation, "Dear {{accTitle}} {{accLname}},");
        assert_eq!(for_locale("de-DE").veeva_salutation, "Guten Tag {{accTitle}} {{accLname}},");
        assert_eq!(for_locale("es-ES").veeva_salutation, "Estimado/a {{accTitle}} {{accLname}}:");
        assert_eq!(for_locale("ru-RU").veeva_salutation, "Уважаемый(-ая) {{accTitle}} {{accLname}}!");
        assert_eq!(for_locale("fr-FR").veeva_salutation, "Dear {{accTitle}} {{accLname}},");
    }

    #[test]
    fn unknown_locales_and_bad_dates_keep_the_iso_form() {
        assert_eq!(month_year("fr-FR", "2026-11-03"), "2026-11-03");
        assert_eq!(month_year("en-GB", "2026-13-01"), "2026-13-01");
        assert_eq!(month_year("en-GB", "2026-1-1"), "2026-1-1");
        assert_eq!(month_year("de-DE", ""), "");
    }

    #[test]
    fn draft_badge_speaks_the_locale() {
        let badges: Vec<&str> = ["en-GB", "es-ES", "de-DE", "ru-RU", "fr-FR"].map(|l| for_locale(l).draft).to_vec();
        assert_eq!(badges, ["DRAFT", "BORRADOR", "ENTWURF", "ЧЕРНОВИК", "DRAFT"]);
        for s in [&EN, &ES, &DE, &RU] {
            assert!(s.draft_mark.starts_with(s.draft), "the badge is the first word of the mark: {}", s.draft_mark);
        }
    }
}
