#include "clean/language.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

using winnow::clean::detect_language;

namespace {

struct Sample {
  std::string_view language;  // what detect_language must answer
  std::string_view text;
};

// Short news paragraphs written for these tests.
const Sample kParagraphs[] = {
    {"en", "The national weather service warned on Monday that heavy rain would continue across the "
           "northern coast for at least three more days. Several schools closed early, and officials "
           "urged drivers to avoid flooded roads near the river."},
    {"de", "Die Bundesregierung will die Förderung für Solaranlagen auf privaten Dächern im kommenden "
           "Jahr deutlich erhöhen. Nach Angaben des Wirtschaftsministeriums sollen vor allem Familien "
           "mit niedrigem Einkommen von dem neuen Programm profitieren."},
    {"fr", "Les pompiers ont maîtrisé dans la nuit de samedi un important incendie qui menaçait "
           "plusieurs villages du sud du pays. Selon la préfecture, aucune victime n'est à déplorer, "
           "mais des centaines d'habitants ont dû quitter leur maison pendant quelques heures."},
    {"es", "El gobierno regional anunció este miércoles un plan para renovar los hospitales públicos "
           "de la provincia durante los próximos cinco años. El consejero de Salud aseguró que las "
           "obras comenzarán en enero y que ningún centro cerrará mientras duren los trabajos."},
    {"it", "Il consiglio comunale ha approvato ieri sera un nuovo piano per ridurre il traffico nel "
           "centro storico. Secondo il sindaco, le prime misure entreranno in vigore all'inizio della "
           "prossima primavera e riguarderanno soprattutto i veicoli più inquinanti."},
    {"pt", "O governo federal anunciou nesta quinta-feira um novo programa de apoio aos pequenos "
           "agricultores do Nordeste. Segundo o ministério, os recursos serão destinados "
           "principalmente à compra de sementes e à construção de cisternas nas regiões mais "
           "afetadas pela seca."},
    {"nl", "De gemeenteraad heeft dinsdagavond ingestemd met de bouw van duizend nieuwe woningen aan "
           "de rand van de stad. Volgens de wethouder moeten de eerste huizen over twee jaar klaar "
           "zijn, maar omwonenden maken zich zorgen over de drukte op de wegen."},
    {"pl", "Rząd przedstawił w poniedziałek projekt ustawy, która ma obniżyć ceny energii dla "
           "gospodarstw domowych w przyszłym roku. Według ministra finansów nowe przepisy obejmą także "
           "małe firmy oraz szkoły i szpitale w całym kraju."},
    {"cs", "Vláda ve středu schválila plán na rozšíření vysokorychlostní železnice mezi Prahou a "
           "Brnem. Podle ministra dopravy by první úsek trati mohl být otevřen do deseti let, pokud se "
           "podaří včas získat všechna potřebná povolení."},
    {"sv", "Regeringen presenterade på torsdagen ett nytt förslag om att sänka skatten på el för "
           "hushåll i norra Sverige. Enligt finansministern ska förändringen gälla från och med nästa "
           "år och kosta staten flera miljarder kronor."},
    {"tr", "Hükümet, gelecek yıl asgari ücrete yapılacak zammın ayrıntılarını salı günü açıkladı. "
           "Çalışma bakanı, yeni düzenlemenin milyonlarca işçinin alım gücünü artıracağını ve "
           "enflasyonla mücadeleye katkı sağlayacağını söyledi."},
    {"ru", "В понедельник правительство объявило о строительстве новой линии метро, которая соединит "
           "центр города с аэропортом. По словам мэра, работы начнутся весной, а первые поезда должны "
           "пойти через четыре года."},
    {"uk", "У середу уряд затвердив програму відновлення шкіл і лікарень у східних областях країни. "
           "За словами прем'єр-міністра, перші роботи розпочнуться вже цього літа, а фінансування "
           "надійде з державного бюджету та від міжнародних партнерів."},
    {"bg", "Правителството одобри в четвъртък план за ремонт на пътищата в планинските райони на "
           "страната. Според министъра на регионалното развитие работите ще започнат през пролетта и "
           "ще продължат около две години."},
    {"ar", "أعلنت وزارة الصحة يوم الأحد عن حملة وطنية جديدة لتطعيم الأطفال ضد الحصبة في جميع "
           "المحافظات. وقال المتحدث باسم الوزارة إن الحملة ستستمر أسبوعين وستشمل المدارس والمراكز "
           "الصحية في المناطق الريفية."},
    {"fa", "وزارت آموزش و پرورش روز دوشنبه اعلام کرد که سال تحصیلی جدید از هفته آینده در همه "
           "استان‌ها آغاز می‌شود. به گفته سخنگوی این وزارتخانه، بیش از هزار مدرسه تازه در مناطق "
           "روستایی ساخته شده است."},
    {"ur", "محکمہ موسمیات نے اتوار کے روز خبردار کیا ہے کہ آئندہ تین دنوں کے دوران ملک کے شمالی "
           "علاقوں میں شدید بارش کا امکان ہے۔ حکام نے شہریوں سے اپیل کی ہے کہ وہ دریاؤں کے قریب جانے "
           "سے گریز کریں۔"},
    {"he", "משרד התחבורה הודיע ביום שלישי על תוכנית חדשה להרחבת הרכבת הקלה בעיר. לדברי השר, "
           "העבודות יתחילו בשנה הבאה ויימשכו כחמש שנים, והקו החדש יחבר בין השכונות בצפון העיר "
           "למרכזה."},
    {"ja", "気象庁は月曜日、大型の台風が週末にかけて九州地方に接近する恐れがあると発表した。"
           "各地の自治体は住民に対し、早めに避難の準備をするよう呼びかけている。"},
    {"zh", "国家统计局周三公布的数据显示，今年第三季度全国工业生产增长速度有所加快。"
           "专家认为，消费需求的恢复和出口订单的增加是推动经济回升的主要原因。"},
    {"ko", "삼성전자는 목요일 서울에서 열린 행사에서 새로운 Galaxy 스마트폰을 공개했다. 업계에서는 "
           "Apple과 Google의 신제품과 치열한 경쟁이 벌어질 것으로 예상하고 있다. 회사 측은 다음 "
           "달부터 국내 판매를 시작할 계획이라고 밝혔다."},
    {"hi", "केंद्र सरकार ने बुधवार को किसानों के लिए एक नई बीमा योजना की घोषणा की। कृषि मंत्री ने "
           "कहा कि इस योजना से देश के करोड़ों छोटे किसानों को फसल खराब होने पर आर्थिक सहायता "
           "मिलेगी।"},
    {"el", "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα για τη στήριξη των νοικοκυριών που πλήττονται "
           "από την άνοδο των τιμών. Σύμφωνα με τον υπουργό Οικονομικών, τα μέτρα θα ισχύσουν από τον "
           "επόμενο μήνα και θα αφορούν κυρίως οικογένειες με παιδιά."},
    {"th", "กรมอุตุนิยมวิทยาประกาศเตือนว่าจะมีฝนตกหนักในหลายจังหวัดทางภาคใต้ตลอดสัปดาห์นี้ "
           "ประชาชนที่อาศัยอยู่ใกล้แม่น้ำควรเตรียมพร้อมรับมือกับน้ำท่วมที่อาจเกิดขึ้น"},
    {"vi", "Chính phủ vừa phê duyệt kế hoạch xây dựng tuyến đường cao tốc mới nối Hà Nội với các tỉnh "
           "miền núi phía Bắc. Theo Bộ Giao thông Vận tải, dự án sẽ được khởi công vào cuối năm nay và "
           "hoàn thành sau ba năm."},
};

// CLD2 answers with codes BCP 47 replaced or never had: "zh-Hant", "no", "iw" (above).
const Sample kRenamedByCld2[] = {
    {"zh", "交通部週四宣布，將於明年擴建捷運路線，以紓解市區交通壅塞的問題。"
           "官員表示，新路線預計在五年內完工，沿線居民對此普遍表示歡迎。"},
    {"nb", "Regjeringen la fredag fram et nytt forslag om billigere strøm for husholdninger i "
           "Nord-Norge. Ifølge statsministeren skal ordningen gjelde fra nyttår, og den vil koste "
           "staten flere milliarder kroner hvert år."},
};

}  // namespace

TEST_CASE("detect_language names the language of news paragraphs") {
  for (const Sample& sample : kParagraphs) {
    INFO(sample.language);
    CHECK(detect_language(sample.text) == sample.language);
  }
}

TEST_CASE("detect_language maps CLD2's codes to BCP 47 primary subtags") {
  for (const Sample& sample : kRenamedByCld2) {
    INFO(sample.language);
    CHECK(detect_language(sample.text) == sample.language);
  }
}

TEST_CASE("detect_language knows the languages of CLD2's full tables") {
  // Amharic is missing from libcld2's small tables: this fails when libcld2_full is not linked.
  CHECK(detect_language("የአዲስ አበባ ከተማ አስተዳደር ትናንት ለአዲሱ የበጀት ዓመት ያቀረበውን ዕቅድ አጽድቋል። "
                        "ዕቅዱ ለመንገድ ግንባታና ለንጹሕ ውኃ አቅርቦት ከፍተኛ ገንዘብ ይመድባል።") == "am");
}

TEST_CASE("detect_language returns the main language of mixed text") {
  CHECK(detect_language(
            "The French president spoke to reporters outside the palace on Friday morning. "
            "\"Nous ne céderons pas\", he said, before adding that the government would keep talking "
            "with the unions over the coming weeks. Analysts expect the negotiations to last until "
            "the end of the month.") == "en");
}

TEST_CASE("detect_language gives no answer for too little text") {
  CHECK(detect_language("") == "");
  CHECK(detect_language("hello world today") == "");
  CHECK(detect_language("12345 67890 !!! ... 2024-01-01 +49 (0)30 1234567 -- 3.14 % $ 99") == "");
  // CLD2 would call these reliable; below our minimum they are guesses all the same.
  CHECK(detect_language("Die Regierung will die Förderung für Solaranlagen deutlich erhöhen.") == "");
  CHECK(detect_language("东京今天下大雨。") == "");
}

TEST_CASE("detect_language gives no answer when CLD2 is unsure") {
  // Long enough, but CLD2 scores the middle sentence ("sector", "personal", "rural") as English
  // and calls its verdict of Spanish unreliable: no answer beats a guess.
  CHECK(detect_language(
            "El gobierno regional anunció este miércoles un plan para renovar los hospitales "
            "públicos de la provincia durante los próximos cinco años. Los sindicatos del sector "
            "sanitario recibieron la noticia con cautela y pidieron más personal para las zonas "
            "rurales. El consejero de Salud aseguró que las obras comenzarán en enero y que ningún "
            "centro cerrará mientras duren los trabajos.") == "");
}

TEST_CASE("detect_language tolerates invalid UTF-8 and bytes CLD2 refuses") {
  const std::string german =
      "Die Bundesregierung will die \xFF" "Förderung für Solaranlagen auf \xC3 privaten Dächern im "
      "kommenden Jahr \xED\xA0\x80 deutlich erhöhen. Nach Angaben des \xC0\xAF Wirtschafts\x01"
      "ministeriums sollen vor allem \xEF\xBF\xBE Familien mit niedrigem Einkommen \x7F von dem neuen "
      "Programm \xF8\x88\x80\x80\x80 profitieren.\xE2\x82";
  CHECK(detect_language(german) == "de");
}

TEST_CASE("detect_language reads only the start of a 5 MB text") {
  const std::string_view russian = kParagraphs[11].text;
  const std::string_view english = kParagraphs[0].text;
  std::string text;
  text.reserve(5'001'000);
  while (text.size() < 20'000) (text += russian) += ' ';
  while (text.size() < 5'000'000) (text += english) += ' ';
  // Puts the 16 KB cut inside a Cyrillic letter.
  while ((static_cast<unsigned char>(text[16 * 1024]) & 0xC0) != 0x80) text.insert(0, 1, '-');
  CHECK(detect_language(text) == "ru");
}

TEST_CASE("detect_language is safe to call from several threads") {
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([t, &mismatches] {
      for (int round = 0; round < 20; ++round) {
        for (const Sample& sample : kParagraphs) {
          if (detect_language(sample.text) != sample.language) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : mismatches) CHECK(count == 0);
}
